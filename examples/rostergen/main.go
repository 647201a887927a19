// Rostergen writes a shift rostering instance in the style and format of
// the Curtois & Qu benchmark (package roster/curtois), drawn from a seed, so
// the solver can be measured on instances it was never tuned on:
//
//	go run ./examples/rostergen -seed 1 -days 364 -staff 150 -types 32 -out gen.txt
//	go run ./examples/rosterbench -instance gen.txt -time 60s
//
// With -dir it writes a ladder of sizes, one file each, from 14 days and 10
// staff to 364 days and 150 staff. Every instance is feasible; the penalty
// of the reference roster it was drawn around is printed as an upper bound
// on the optimum.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/wijkzorg/wijk/roster/curtois"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "rostergen:", err)
		os.Exit(1)
	}
}

// ladder is the set of sizes -dir writes: the benchmark's range, from
// small to the largest.
var ladder = []curtois.GenerateParams{
	{Days: 14, Staff: 10, ShiftTypes: 2},
	{Days: 28, Staff: 20, ShiftTypes: 3},
	{Days: 28, Staff: 60, ShiftTypes: 10},
	{Days: 28, Staff: 120, ShiftTypes: 18},
	{Days: 42, Staff: 45, ShiftTypes: 6},
	{Days: 56, Staff: 32, ShiftTypes: 4},
	{Days: 84, Staff: 40, ShiftTypes: 5},
	{Days: 182, Staff: 100, ShiftTypes: 8},
	{Days: 364, Staff: 100, ShiftTypes: 16},
	{Days: 364, Staff: 150, ShiftTypes: 32},
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("rostergen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var g curtois.GenerateParams
	fs.Uint64Var(&g.Seed, "seed", 1, "random seed")
	fs.IntVar(&g.Days, "days", 28, "horizon in days, whole weeks from 14 to 364")
	fs.IntVar(&g.Staff, "staff", 20, "employees, 1 to 150")
	fs.IntVar(&g.ShiftTypes, "types", 4, "shift types, 1 to 32")
	out := fs.String("out", "", "instance file to write (default: standard output)")
	dir := fs.String("dir", "", "write the ladder of sizes to this folder instead, as GenDAYS-STAFF-TYPES.txt")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir != "" {
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			return err
		}
		for _, l := range ladder {
			l.Seed = g.Seed
			name := filepath.Join(*dir, fmt.Sprintf("Gen%d-%d-%d.txt", l.Days, l.Staff, l.ShiftTypes))
			if err := write(l, name, stdout); err != nil {
				return err
			}
		}
		return nil
	}
	return write(g, *out, stdout)
}

// write generates one instance into the file name, with a line on stdout
// giving its size and its reference roster's penalty; with no name, the
// instance itself goes to stdout.
func write(g curtois.GenerateParams, name string, stdout io.Writer) error {
	pr, ref, err := curtois.Generate(g)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := curtois.WriteInstance(&b, pr); err != nil {
		return err
	}
	if name == "" {
		_, err := stdout.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s: %d days, %d staff, %d shift types, seed %d; reference roster penalty %d\n",
		name, g.Days, g.Staff, g.ShiftTypes, g.Seed, ref.Evaluate().Penalty)
	return err
}
