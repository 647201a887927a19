// Package doccheck checks a package's documentation the way go doc and
// the package site see it: from the source alone, where a method promoted
// from an embedded type of another package does not appear. The storage
// backends' tests use it to prove that their Store types show, and
// document, every method of storage.Store.
package doccheck

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
)

// Undocumented parses the package in dir (its non-test files for this
// platform) as go doc does and returns one line for every method of iface
// that typeName, a type of that package, does not show with a doc comment:
// because go doc does not list it as a method of the type, or because its
// comment is empty. No lines means every method is shown and documented.
func Undocumented(dir, typeName string, iface reflect.Type) ([]string, error) {
	if iface == nil || iface.Kind() != reflect.Interface {
		return nil, fmt.Errorf("doccheck: %v is not an interface type", iface)
	}
	bp, err := build.Default.ImportDir(dir, 0)
	if err != nil {
		return nil, fmt.Errorf("doccheck: %s: %w", dir, err)
	}
	fset := token.NewFileSet()
	files := make([]*ast.File, 0, len(bp.GoFiles))
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("doccheck: %w", err)
		}
		files = append(files, f)
	}
	pkg, err := doc.NewFromFiles(fset, files, bp.ImportPath)
	if err != nil {
		return nil, fmt.Errorf("doccheck: %s: %w", dir, err)
	}
	var typ *doc.Type
	for _, t := range pkg.Types {
		if t.Name == typeName {
			typ = t
		}
	}
	if typ == nil {
		return nil, fmt.Errorf("doccheck: package %s has no exported type %s", bp.Name, typeName)
	}
	docs := map[string]string{}
	for _, m := range typ.Methods {
		docs[m.Name] = m.Doc
	}
	var out []string
	for i := range iface.NumMethod() {
		name := iface.Method(i).Name
		d, ok := docs[name]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s.%s: go doc does not show it as a method of %s", bp.Name, name, typeName))
		case strings.TrimSpace(d) == "":
			out = append(out, fmt.Sprintf("%s.%s: has no doc comment", bp.Name, name))
		}
	}
	return out, nil
}
