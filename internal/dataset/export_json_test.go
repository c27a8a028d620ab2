package dataset

import (
	"bytes"
	"encoding/json"
	"testing"
)

// marshalSlow is Object.MarshalJSON written the plain way, with
// json.Marshal for every name and value: the bytes the fast path must
// give.
func marshalSlow(o Object) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.Name)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(f.JSON)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func checkObject(t *testing.T, o Object) {
	t.Helper()
	got, gotErr := o.MarshalJSON()
	want, wantErr := marshalSlow(o)
	if (gotErr == nil) != (wantErr == nil) || !bytes.Equal(got, want) {
		t.Errorf("MarshalJSON(%#v) = %s, %v; json.Marshal field by field gives %s, %v", o, got, gotErr, want, wantErr)
	}
}

func TestObjectMarshalJSONAsJSONMarshal(t *testing.T) {
	t.Parallel()
	for _, v := range []any{
		nil, "", "plain text", "Acme Parcel <Co>", `quote " and \ backslash`, "a & b", "tab\there", "line\nbreak",
		"\b\f\x00\x1f\x7f", "é ünïcode", "\u2028\u2029", "bad \xff utf-8", "=HYPERLINK(\"x\")",
		json.Number("0"), json.Number("12"), json.Number("-3"), json.Number("1234.56"), json.Number("0.50"),
		json.Number("007"), json.Number("1e5"), json.Number("-0"), json.Number("1."), json.Number(".5"),
		json.Number("redacted"), json.Number(""), json.Number("-"),
	} {
		checkObject(t, Object{{Name: "id", JSON: "x"}, {Name: "value", JSON: v}})
	}
	checkObject(t, Object{})
	checkObject(t, nil)
	nested := Object{{Name: "a&b", JSON: "<x>"}, {Name: "n", JSON: json.Number("007")}}
	for _, v := range []any{nested, Object(nil), Object{}, []Object{nested, {}, nil}, []Object{}, []Object(nil),
		[]string{"x", "<é>", "\xff"}, []string{}, []string(nil), 0, -12, 1 << 40, int64(-1 << 62), true, false} {
		checkObject(t, Object{{Name: "v", JSON: v}})
	}
	checkObject(t, Object{{Name: "odd <name> \"q\"", JSON: json.Number("1")}})
}

func FuzzObjectMarshalJSON(f *testing.F) {
	f.Add("name", "value", "12.5")
	f.Add("a<b", "x\"y", "0.50")
	f.Add("é", "\xff", "-0")
	f.Fuzz(func(t *testing.T, name, s, num string) {
		checkObject(t, Object{{Name: name, JSON: s}, {Name: "n", JSON: json.Number(num)}, {Name: "nil", JSON: nil}})
	})
}
