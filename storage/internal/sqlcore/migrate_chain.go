package sqlcore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wijkzorg/wijk/storage"
	"github.com/wijkzorg/wijk/storage/internal/chain"
	"github.com/wijkzorg/wijk/storage/internal/repo"
)

// steps are the migration steps written in Go, by name. A step is part of
// the migration that names it: once that migration is released, the step
// must not change (the migration's checksum covers its SQL, not the Go it
// runs); change behaviour with a new step in a new migration.
var steps = map[string]func(ctx context.Context, tx *sql.Tx, d *Dialect) error{
	"chain":   chainExisting,
	"records": rewriteRecords,
}

// chainExisting chains the entries written before the logs were chained:
// the audit lines in the order of their numbers (renumbered 1, 2, 3 …
// where rolled-back transactions left gaps), the decisions by team and
// position; and it sets the three heads.
func chainExisting(ctx context.Context, tx *sql.Tx, d *Dialect) error {
	// The audit log.
	type line struct {
		seq    int64
		fields []string
	}
	var lines []line
	spec := logSpecs[storage.LogAudit]
	rows, err := tx.QueryContext(ctx, `SELECT seq, at, actor, entity, entity_id, client_id, action, summary FROM wijk_audit ORDER BY seq`)
	if err != nil {
		return err
	}
	for rows.Next() {
		l := line{fields: make([]string, len(spec.fields))}
		dest := []any{&l.seq}
		for i := range l.fields {
			dest = append(dest, &l.fields[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return err
		}
		lines = append(lines, l)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	prev := chain.Genesis
	for i, l := range lines {
		seq := int64(i + 1)
		prev = chain.Next(prev, chain.Canon(string(storage.LogAudit), seq, l.fields...))
		if _, err := tx.ExecContext(ctx, `UPDATE wijk_audit SET seq = $1, hash = $2 WHERE seq = $3`, seq, prev, l.seq); err != nil {
			return fmt.Errorf("chaining audit line %d: %w", l.seq, err)
		}
	}
	if err := insertHead(ctx, tx, storage.LogAudit, int64(len(lines)), prev); err != nil {
		return err
	}

	// The decision logs, one chain across the teams.
	type rec struct {
		key  string
		data []byte
	}
	var recs []rec
	rows, err = tx.QueryContext(ctx, `SELECT id, data FROM wijk_decisions ORDER BY team_id, pos`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r rec
		if err := rows.Scan(&r.key, &r.data); err != nil {
			rows.Close()
			return err
		}
		recs = append(recs, r)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	prev = chain.Genesis
	for i, r := range recs {
		seq := int64(i + 1)
		prev = chain.Next(prev, chain.Canon(string(storage.LogDecisions), seq, repo.RecordFields(r.key, r.data)...))
		if _, err := tx.ExecContext(ctx, `UPDATE wijk_decisions SET chain_seq = $1, hash = $2 WHERE id = $3`, seq, prev, r.key); err != nil {
			return fmt.Errorf("chaining decision %s: %w", r.key, err)
		}
	}
	if err := insertHead(ctx, tx, storage.LogDecisions, int64(len(recs)), prev); err != nil {
		return err
	}
	return insertHead(ctx, tx, storage.LogAccess, 0, chain.Genesis)
}

func insertHead(ctx context.Context, tx *sql.Tx, log storage.Log, seq int64, h []byte) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO wijk_chain_heads (log, seq, hash) VALUES ($1, $2, $3)`, string(log), seq, h); err != nil {
		return fmt.Errorf("setting the head of the %s log: %w", log, err)
	}
	return nil
}
