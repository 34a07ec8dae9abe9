// Package enforcement is the disclosure of administrative enforcement:
// the verifiable draw of 双随机、一公开 (draw.go) and the 双公示 of
// administrative licences and penalties (decision.go). Every rule is a
// pure function of its inputs; the store keeps the records and the web
// area shows them.
package enforcement
