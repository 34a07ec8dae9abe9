package enforcement_test

import (
	"errors"
	"reflect"
	"testing"

	"gongkai/internal/enforcement"
	"gongkai/internal/errs"
)

// The expected draws below were computed independently with Python's
// hmac and hashlib from the algorithm as the public page states it.
var (
	testSeed       = seq32()
	testObjects    = []byte("id,name,unit\nO1,甲,U1\nO2,b,U2\nO3,c,U1\nO4,d,U3\nO5,e,U2\n")
	testInspectors = []byte("id,name,unit\nI1,x,U1\nI2,y,U2\nI3,z,U3\nI4,w,U1\n")
)

func seq32() []byte {
	b := make([]byte, 32)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func input(t *testing.T, objects, inspectors []byte, prev []enforcement.Pair) enforcement.DrawInput {
	t.Helper()
	os, err := enforcement.ParseMembers("objects", objects)
	if err != nil {
		t.Fatal(err)
	}
	is, err := enforcement.ParseMembers("inspectors", inspectors)
	if err != nil {
		t.Fatal(err)
	}
	return enforcement.DrawInput{Seed: testSeed, ObjectsHash: enforcement.HashList(objects), InspectorsHash: enforcement.HashList(inspectors),
		Objects: os, Inspectors: is, Previous: prev, N: 3, PerObject: 2}
}

func summary(r enforcement.DrawResult) map[string][]string {
	out := map[string][]string{}
	var order []string
	for _, d := range r.Selection {
		order = append(order, d.Object.ID)
		for _, in := range d.Inspectors {
			out[d.Object.ID] = append(out[d.Object.ID], in.ID)
		}
	}
	out["order"] = order
	return out
}

func TestCommitment(t *testing.T) {
	if got, want := enforcement.Commit(testSeed), "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"; got != want {
		t.Fatalf("Commit = %s, want %s", got, want)
	}
	if err := enforcement.CheckCommitment(testSeed, "630DCD2966C4336691125448BBB25B4FF412A49C732DB2C8ABC1B8581BD710DD"); err != nil {
		t.Errorf("the right seed fails: %v", err)
	}
	wrong := seq32()
	wrong[31] ^= 1
	err := enforcement.CheckCommitment(wrong, enforcement.Commit(testSeed))
	if e := (*errs.Error)(nil); !errors.As(err, &e) || e.Code != "commitment_mismatch" {
		t.Errorf("a wrong seed: %v, want commitment_mismatch", err)
	}
	if _, err := enforcement.ParseSeed("abc"); err == nil {
		t.Error("a short seed parses")
	}
}

func TestDrawReproducible(t *testing.T) {
	in := input(t, testObjects, testInspectors, nil)
	got, err := enforcement.Draw(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"order": {"O3", "O2", "O5"}, "O3": {"I2", "I3"}, "O2": {"I1", "I3"}, "O5": {"I4", "I3"}}
	if s := summary(got); !reflect.DeepEqual(s, want) {
		t.Fatalf("draw = %v, want %v", s, want)
	}
	again, _ := enforcement.Draw(input(t, testObjects, testInspectors, nil))
	if !reflect.DeepEqual(got, again) {
		t.Error("the same input drew differently")
	}
}

func TestDrawChangedListIsDetected(t *testing.T) {
	changed := []byte("id,name,unit\nO1,甲,U1\nO2,b,U2\nO3,c,U1\nO4,d,U3\nO5,e,U3\n")
	got, err := enforcement.Draw(input(t, changed, testInspectors, nil))
	if err != nil {
		t.Fatal(err)
	}
	if order := summary(got)["order"]; !reflect.DeepEqual(order, []string{"O3", "O1", "O5"}) {
		t.Fatalf("changed list drew %v, want [O3 O1 O5]", order)
	}
	// Recomputing with the published hash but another file's rows is
	// caught by the hash itself: the file no longer hashes to it.
	if enforcement.HashList(changed) == enforcement.HashList(testObjects) {
		t.Fatal("two different lists have one hash")
	}
}

func TestDrawConflictRules(t *testing.T) {
	prev := []enforcement.Pair{{ObjectID: "O2", InspectorID: "I1"}}
	got, err := enforcement.Draw(input(t, testObjects, testInspectors, prev))
	if err != nil {
		t.Fatal(err)
	}
	// O2 ranks I1, I3, I2, I4: I1 was its pair last time, I2 is of its unit.
	if s := summary(got); !reflect.DeepEqual(s["O2"], []string{"I3", "I4"}) {
		t.Fatalf("O2 drew %v, want [I3 I4]", s["O2"])
	}
	units := map[string]string{"I1": "U1", "I2": "U2", "I3": "U3", "I4": "U1"}
	for _, d := range got.Selection {
		for _, in := range d.Inspectors {
			if units[in.ID] == d.Object.Unit {
				t.Errorf("%s drew %s of its own unit", d.Object.ID, in.ID)
			}
			if d.Object.ID == "O2" && in.ID == "I1" {
				t.Error("the previous pair was drawn again")
			}
		}
	}
	var reasons []string
	for _, x := range got.Selection[1].Excluded {
		reasons = append(reasons, x.InspectorID+":"+x.Reason)
	}
	if want := []string{"I1:same_pair", "I2:same_unit"}; !reflect.DeepEqual(reasons, want) {
		t.Errorf("O2's exclusions = %v, want %v", reasons, want)
	}
	// With three inspectors needed, O3 (unit U1) has only I2 and I3.
	in := input(t, testObjects, testInspectors, nil)
	in.PerObject = 3
	_, err = enforcement.Draw(in)
	if e := (*errs.Error)(nil); !errors.As(err, &e) || e.Code != "not_enough_inspectors" {
		t.Errorf("too few inspectors: %v, want not_enough_inspectors", err)
	}
}

func TestDrawRejectsBadInput(t *testing.T) {
	for name, tc := range map[string]struct {
		objects []byte
		n       int
		code    string
	}{
		"duplicate id":   {[]byte("id,unit\nA,U\nA,V\n"), 1, "duplicate_id"},
		"too many":       {[]byte("id,unit\nA,U\n"), 2, "too_many_objects"},
		"missing column": {[]byte("id,name\nA,U\n"), 1, "missing_column"},
		"missing id":     {[]byte("id,unit\n,U\n"), 1, "missing_id"},
	} {
		t.Run(name, func(t *testing.T) {
			os, err := enforcement.ParseMembers("objects", tc.objects)
			if err == nil {
				is, _ := enforcement.ParseMembers("inspectors", testInspectors)
				_, err = enforcement.Draw(enforcement.DrawInput{Seed: testSeed, Objects: os, Inspectors: is, N: tc.n, PerObject: 1})
			}
			if e := (*errs.Error)(nil); !errors.As(err, &e) || e.Code != tc.code {
				t.Errorf("got %v, want %s", err, tc.code)
			}
		})
	}
}
