package main

import "syscall"

// childAttr makes the kernel kill a server the harness started if the
// harness itself dies, so an interrupted run leaves no server behind.
func childAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} }
