package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// startTimeout bounds a start (migrations, the demo load); it only stops a
// hung child, the harness asserts nothing on speed.
const startTimeout = 2 * time.Minute

// server is a running `gongkai serve`.
type server struct {
	url  string // http://127.0.0.1:PORT
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
}

var listeningRE = regexp.MustCompile(`listening on (http://\S+)`)

// start runs `gongkai serve` on the harness's store, on a free loopback
// port, trusting 127.0.0.1 as the reverse proxy whose X-Forwarded-For names
// the visitor (the harness plays that proxy for its many applicants). Its
// log is appended to the log file.
func (h *harness) start(demo bool) (*server, error) {
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--trusted-proxies", "127.0.0.1/32"}, h.storeArgs()...)
	if demo {
		args = append(args, "--demo")
	}
	cmd := exec.Command(h.gongkai, args...)
	cmd.Env = h.env()
	cmd.Stderr = h.log
	cmd.SysProcAttr = childAttr()
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, done: make(chan struct{})}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	select {
	case s.url = <-found:
		return s, nil
	case <-s.done:
		return nil, fmt.Errorf("gongkai serve exited before listening: %v (log: %s)", cmd.ProcessState, h.logName)
	case <-time.After(startTimeout):
		s.kill()
		return nil, fmt.Errorf("gongkai serve not listening after %v (log: %s)", startTimeout, h.logName)
	}
}

// kill sends SIGKILL and waits for the process to be gone. It reports
// whether the process died of it (and not of something before).
func (s *server) kill() bool {
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
	ws, ok := s.cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// stop ends the server gracefully (SIGTERM).
func (s *server) stop() error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(time.Minute):
		s.kill()
		return errors.New("gongkai serve did not stop within a minute of SIGTERM")
	}
	if !s.cmd.ProcessState.Success() {
		return fmt.Errorf("gongkai serve after SIGTERM: %v", s.cmd.ProcessState)
	}
	return nil
}

// cli runs a gongkai command on the harness's store and returns its
// standard output.
func (h *harness) cli(ctx context.Context, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.gongkai, append(args, h.storeArgs()...)...)
	cmd.Env = h.env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		return out.String(), fmt.Errorf("gongkai %s: %v: %s%s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String(), nil
}

// env is the children's environment: the harness's own without GONGKAI_
// settings, so only the flags choose the store.
func (h *harness) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GONGKAI_") {
			env = append(env, kv)
		}
	}
	return env
}
