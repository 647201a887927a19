// Command storecopy moves a whole wijk store from one backend to another,
// for example from a SQLite file to PostgreSQL when a deployment outgrows
// one machine:
//
//	go run ./examples/storecopy -from sqlite:wijk.db -to 'postgres:postgres://…/wijk'
//
// A store is named KIND:WHERE, with KIND sqlite (WHERE is a file) or
// postgres (WHERE is a DSN for the pgx driver). The destination is
// migrated first and must be empty. The program prints what it copied and
// each log's head: write the heads down.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/wijkzorg/wijk/storage/postgres"
	"github.com/wijkzorg/wijk/storage/sqlite"
	"github.com/wijkzorg/wijk/storage/storecopy"
)

func main() {
	from := flag.String("from", "", "the source store, sqlite:FILE or postgres:DSN")
	to := flag.String("to", "", "the destination store, sqlite:FILE or postgres:DSN (migrated, must be empty)")
	flag.Parse()
	if err := run(context.Background(), *from, *to); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, from, to string) error {
	if from == "" || to == "" {
		return errors.New("both -from and -to are required (sqlite:FILE or postgres:DSN)")
	}
	src, closeSrc, err := open(ctx, from, false)
	if err != nil {
		return fmt.Errorf("-from: %w", err)
	}
	defer closeSrc()
	dst, closeDst, err := open(ctx, to, true)
	if err != nil {
		return fmt.Errorf("-to: %w", err)
	}
	defer closeDst()
	rep, err := storecopy.Copy(ctx, dst, src)
	if err != nil {
		return err
	}
	fmt.Print(rep)
	return nil
}

// open opens the store named kind:where; migrate brings a destination's
// schema up to date. A source is only opened: it must exist already.
func open(ctx context.Context, name string, migrate bool) (storecopy.Store, func(), error) {
	kind, where, ok := strings.Cut(name, ":")
	if !ok || where == "" {
		return nil, nil, fmt.Errorf("%q is not KIND:WHERE (sqlite:FILE or postgres:DSN)", name)
	}
	switch kind {
	case "sqlite":
		if !migrate {
			if _, err := os.Stat(where); err != nil {
				return nil, nil, err
			}
		}
		s, err := sqlite.Open(ctx, where, sqlite.Options{})
		if err != nil {
			return nil, nil, err
		}
		if migrate {
			if err := s.Migrate(ctx); err != nil {
				_ = s.Close()
				return nil, nil, err
			}
		}
		return s, func() { _ = s.Close() }, nil
	case "postgres":
		db, err := sql.Open("pgx", where)
		if err != nil {
			return nil, nil, err
		}
		s, err := postgres.New(ctx, db, postgres.Options{})
		if err == nil && migrate {
			err = s.Migrate(ctx)
		}
		if err != nil {
			_ = db.Close()
			return nil, nil, err
		}
		return s, func() { _ = db.Close() }, nil
	}
	return nil, nil, fmt.Errorf("unknown store kind %q: sqlite or postgres", kind)
}
