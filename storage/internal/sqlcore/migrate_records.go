package sqlcore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wijkzorg/wijk/storage/internal/records"
)

// rewriteRecords writes every record of the mutable aggregates again in
// the current record format (see records.Rewrite), keeping its version:
// the content is the same, only its form changes. A record that cannot be
// read is left as it is, so that reading it fails as before. The decision
// log keeps its bytes: they are append-only and hash-chained.
func rewriteRecords(ctx context.Context, tx *sql.Tx, _ *Dialect) error {
	for _, table := range []string{"wijk_teams", "wijk_coaches", "wijk_staff", "wijk_hours", "wijk_clients", "wijk_careplans", "wijk_proposals", "wijk_meetings"} {
		type row struct {
			id   string
			data []byte
		}
		var rs []row
		rows, err := tx.QueryContext(ctx, `SELECT id, data FROM `+table+` ORDER BY id`)
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
	}
	return nil
}
