package doccheck_test

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage/internal/doccheck"
)

// writePackage writes a one-file package p into a new directory.
func writePackage(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o600))
	return dir
}

func TestUndocumented(t *testing.T) {
	rw := reflect.TypeFor[io.ReadWriter]()
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "promoted from an embedded type of another package",
			src: `package p

import "bytes"

// T wraps a buffer.
type T struct{ *bytes.Buffer }
`,
			want: []string{
				"p.Read: go doc does not show it as a method of T",
				"p.Write: go doc does not show it as a method of T",
			},
		},
		{
			name: "one method without a comment",
			src: `package p

// T reads and writes nothing.
type T struct{}

func (T) Read(b []byte) (int, error) { return 0, nil }

// Write writes nothing.
func (T) Write(b []byte) (int, error) { return 0, nil }
`,
			want: []string{"p.Read: has no doc comment"},
		},
		{
			name: "every method documented",
			src: `package p

// T reads and writes nothing.
type T struct{}

// Read reads nothing.
func (*T) Read(b []byte) (int, error) { return 0, nil }

// Write writes nothing.
func (*T) Write(b []byte) (int, error) { return 0, nil }
`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := doccheck.Undocumented(writePackage(t, c.src), "T", rw)
			require.NoError(t, err)
			require.Empty(t, cmp.Diff(c.want, got))
		})
	}
}

func TestUndocumentedIgnoresTestFiles(t *testing.T) {
	dir := writePackage(t, "package p\n\n// T is empty.\ntype T struct{}\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p_test.go"), []byte(`package p

// Read reads nothing.
func (T) Read(b []byte) (int, error) { return 0, nil }
`), 0o600))
	got, err := doccheck.Undocumented(dir, "T", reflect.TypeFor[io.Reader]())
	require.NoError(t, err)
	require.Equal(t, []string{"p.Read: go doc does not show it as a method of T"}, got)
}

func TestUndocumentedErrors(t *testing.T) {
	dir := writePackage(t, "package p\n\n// T is empty.\ntype T struct{}\n")
	_, err := doccheck.Undocumented(dir, "U", reflect.TypeFor[io.Reader]())
	require.ErrorContains(t, err, "no exported type U")
	_, err = doccheck.Undocumented(dir, "T", reflect.TypeFor[int]())
	require.ErrorContains(t, err, "not an interface")
	_, err = doccheck.Undocumented(filepath.Join(dir, "missing"), "T", reflect.TypeFor[io.Reader]())
	require.Error(t, err)
}
