package sqlcore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/wijkzorg/wijk/storage/internal/records"
)

// rewritePage is how many records the rewrite holds in memory at once.
const rewritePage = 200

// rewriteRecords writes every record of the mutable aggregates again in
// the current record format (see records.Rewrite), keeping its version:
// the content is the same, only its form changes. It reads each table a
// page at a time, in key order, so a large database does not have to fit
// in memory.
//
// A record that cannot be read stops the migration, which then changes
// nothing, and the error names every such record: a database is not
// upgraded past records that nobody can read any more, whether they were
// damaged before or the new reader is wrong about them. Repair or remove
// them (their bytes are in the data column), then migrate again.
//
// The decision log keeps its bytes: they are append-only and hash-chained.
//
// The step is part of migration 6 as released: it must not change.
func rewriteRecords(ctx context.Context, tx *sql.Tx, _ *Dialect) error {
	var unreadable []string
	for _, table := range []string{"wijk_teams", "wijk_coaches", "wijk_staff", "wijk_hours", "wijk_clients", "wijk_careplans", "wijk_proposals", "wijk_meetings"} {
		after := ""
		for {
			type row struct {
				id   string
				data []byte
			}
			var rs []row
			rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT id, data FROM %s WHERE id > $1 ORDER BY id LIMIT %d`, table, rewritePage), after)
			if err != nil {
				return err
			}
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.data); err != nil {
					rows.Close()
					return err
				}
				rs = append(rs, r)
			}
			if err := rows.Close(); err != nil {
				return err
			}
			for _, r := range rs {
				data, changed, err := records.Rewrite(r.data)
				if errors.Is(err, records.ErrCorrupt) {
					unreadable = append(unreadable, fmt.Sprintf("%s %s (%v)", table, r.id, err))
					continue
				}
				if err != nil {
					return fmt.Errorf("%s %s: %w", table, r.id, err)
				}
				if !changed {
					continue
				}
				if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET data = $1 WHERE id = $2`, data, r.id); err != nil {
					return fmt.Errorf("rewriting %s %s: %w", table, r.id, err)
				}
			}
			if len(rs) < rewritePage {
				break
			}
			after = rs[len(rs)-1].id
		}
	}
	if len(unreadable) > 0 {
		shown := unreadable[:min(len(unreadable), 20)]
		more := ""
		if len(unreadable) > len(shown) {
			more = fmt.Sprintf("; and %d more", len(unreadable)-len(shown))
		}
		return fmt.Errorf("%w: %d records cannot be read, so the database is not upgraded; repair or remove them and migrate again: %s%s",
			records.ErrCorrupt, len(unreadable), strings.Join(shown, "; "), more)
	}
	return nil
}
