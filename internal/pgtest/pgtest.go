// Package pgtest gives each PostgreSQL test a fresh schema on the server
// named by WIJK_POSTGRES_DSN, and drops it afterwards.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// EnvDSN names the environment variable with the PostgreSQL DSN.
const EnvDSN = "WIJK_POSTGRES_DSN"

// DSN returns the server's DSN. When it is unset the test is skipped on a
// developer machine and fails under CI=true, where PostgreSQL must run.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests", EnvDSN)
		}
		t.Skipf("%s is not set; skipping PostgreSQL tests", EnvDSN)
	}
	return dsn
}

// Fresh creates an empty schema, returns a pool whose connections use it,
// and drops the schema when the test ends.
func Fresh(t testing.TB) *sql.DB {
	t.Helper()
	dsn := FreshDSN(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("opening %s: %v", dsn, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// FreshDSN creates an empty schema and returns a DSN whose connections use
// it (its search_path), for a test that opens connections of its own or
// hands the DSN to other processes. The schema is dropped when the test
// ends.
func FreshDSN(t testing.TB) string {
	t.Helper()
	dsn := DSN(t)
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("opening %s: %v", EnvDSN, err)
	}
	t.Cleanup(func() { _ = admin.Close() })
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "wijk_test_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("creating schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", EnvDSN, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
