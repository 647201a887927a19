package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wijkzorg/wijk/storage/sqlite"
)

// An application keeps a table of its own in wijk's file and reaches it
// through the store's handle, so both share one connection and one cache.
func ExampleStore_DB() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "wijk-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	s, err := sqlite.Open(ctx, filepath.Join(dir, "wijk.db"), sqlite.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		fmt.Println(err)
		return
	}

	db := s.DB()
	if _, err := db.ExecContext(ctx, `CREATE TABLE app_keys (client TEXT PRIMARY KEY, where_kept TEXT NOT NULL)`); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO app_keys VALUES ($1, $2)`, "mevrouw Jansen", "key safe by the back door, code with the team"); err != nil {
		fmt.Println(err)
		return
	}
	var kept string
	if err := db.QueryRowContext(ctx, `SELECT where_kept FROM app_keys WHERE client = $1`, "mevrouw Jansen").Scan(&kept); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(kept)
	// Output: key safe by the back door, code with the team
}
