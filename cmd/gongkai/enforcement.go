package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"gongkai/internal/enforcement"
)

// cmdEnforcement runs the 双随机 commands: verify-draw recomputes a
// published draw from its lists, seed and parameters, offline.
func cmdEnforcement(_ context.Context, args []string, stdout io.Writer) error {
	const help = "用法：gongkai enforcement verify-draw --objects F.csv --inspectors F.csv --seed HEX --commitment HEX [--previous F.csv] --objects-n N --per-object K [--objects-hash HEX] [--inspectors-hash HEX] [--expect F.csv]"
	if len(args) == 0 || args[0] != "verify-draw" {
		return usageError(help)
	}
	fs := flag.NewFlagSet("gongkai enforcement verify-draw", flag.ContinueOnError)
	fs.SetOutput(stdout)
	objects := fs.String("objects", "", "检查对象名录（CSV，含 id、unit 列）")
	inspectors := fs.String("inspectors", "", "执法检查人员名录（CSV，含 id、unit 列）")
	previous := fs.String("previous", "", "上次抽查的配对（CSV，含 object_id、inspector_id 列）")
	seed := fs.String("seed", "", "公布的随机种子（64 位十六进制）")
	commitment := fs.String("commitment", "", "抽取前公布的承诺值 SHA-256(种子)")
	n := fs.Int("objects-n", 0, "抽取的对象数")
	k := fs.Int("per-object", 0, "每个对象的检查人员数")
	objectsHash := fs.String("objects-hash", "", "公布的对象名录哈希（可选，核对文件）")
	inspectorsHash := fs.String("inspectors-hash", "", "公布的人员名录哈希（可选，核对文件）")
	expect := fs.String("expect", "", "公布的抽取结果（CSV，含 object_id、inspector_id 列；可选，逐项核对）")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *objects == "" || *inspectors == "" || *seed == "" || *commitment == "" || *n == 0 || *k == 0 {
		return usageError(help)
	}
	fail := func(format string, a ...any) error { return &exitError{code: 3, msg: fmt.Sprintf(format, a...)} }
	s, err := enforcement.ParseSeed(*seed)
	if err != nil {
		return err
	}
	if err := enforcement.CheckCommitment(s, *commitment); err != nil {
		return fail("承诺值不符：SHA-256(种子) = %s，公布的承诺值为 %s。", enforcement.Commit(s), strings.ToLower(*commitment))
	}
	fmt.Fprintln(stdout, "承诺值核对：一致（SHA-256(种子) =", enforcement.Commit(s)+"）")
	in := enforcement.DrawInput{Seed: s, N: *n, PerObject: *k}
	lists := []struct {
		file, field, published string
		hash                   *string
		into                   *[]enforcement.Member
		label                  string
	}{
		{*objects, "objects", *objectsHash, &in.ObjectsHash, &in.Objects, "检查对象名录"},
		{*inspectors, "inspectors", *inspectorsHash, &in.InspectorsHash, &in.Inspectors, "执法检查人员名录"},
	}
	for _, l := range lists {
		b, err := os.ReadFile(l.file)
		if err != nil {
			return err
		}
		*l.hash = enforcement.HashList(b)
		if l.published != "" && !strings.EqualFold(l.published, *l.hash) {
			return fail("%s的哈希 %s 与公布的 %s 不符：文件不是抽取所用的版本。", l.label, *l.hash, l.published)
		}
		if *l.into, err = enforcement.ParseMembers(l.field, b); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s：%d 条，SHA-256 %s\n", l.label, len(*l.into), *l.hash)
	}
	if *previous != "" {
		b, err := os.ReadFile(*previous)
		if err != nil {
			return err
		}
		if in.Previous, err = enforcement.ParsePairs("previous", b); err != nil {
			return err
		}
	}
	res, err := enforcement.Draw(in)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "抽取结果（%d 个对象，每个对象 %d 名检查人员）：\n", *n, *k)
	for i, d := range res.Selection {
		ids := make([]string, len(d.Inspectors))
		for j, in := range d.Inspectors {
			ids[j] = in.ID
		}
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\n", i+1, d.Object.ID, strings.Join(ids, ","), d.Key)
		for _, x := range d.Excluded {
			fmt.Fprintf(stdout, "\t回避 %s：%s\n", x.InspectorID, enforcement.ConflictLabel(x.Reason))
		}
	}
	if *expect != "" {
		b, err := os.ReadFile(*expect)
		if err != nil {
			return err
		}
		want, err := enforcement.ParsePairs("expect", b)
		if err != nil {
			return err
		}
		if !slices.Equal(want, res.Pairs()) {
			return fail("重新计算的结果与公布的抽取结果不一致。")
		}
		fmt.Fprintln(stdout, "与公布的抽取结果核对：一致")
	}
	return nil
}
