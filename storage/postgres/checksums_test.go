package postgres_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wijkzorg/wijk/storage/internal/sqlcore"
)

// released are the checksums of the migrations of released versions of
// wijk, by dialect and version. A database records the checksum of each
// migration it applied and is refused (storage.ErrSchemaDamaged) by code
// whose migration of that number has another: a released migration file
// must never change, not even a comment. Add each new migration's sum here
// when it is released; fix a released schema with a new migration.
var released = map[string][]string{
	"migrations": {
		"sha256:5b3b238316835b1430b4fe4ecc454a443374cc0719d12e9fddf08ef53c6b9a41",
		"sha256:da09d076e1a603b6d49bdc58c0c35ff8ec7b1d10e244a054ce2a0f3b3337b9bd",
		"sha256:ad6f4b3cc6a8213de4fcc5443c0211190e118f47cd379e58a93aabe0cc260a9d",
		"sha256:df35f6fefc96328cc1af531f223e5632a1bc2e15642d36ed9cab3b5698346d28",
		"sha256:656413c4931cf7d5873cf6cb27a6628c418798b11e5ce7e2aba61b4c66ea7a91",
		"sha256:d71f81164cbaa5b85d74ab59f191cd5c95c12cca181ad56962cedb83b527434e",
		"sha256:a20ba156598921bb8217dda1ef594dcbb0eec6ca40ca8fd02f10af08d881c3e9",
	},
	"../sqlite/migrations": {
		"sha256:f7555f900e201b5f87f013edcbee3d769bbd2ad8da27c50a9e45bdf3fde5fc55",
		"sha256:4e2c20292c52bbe69bc40aa5740f7ed5cc890384b93a36c0abc0110d1809779a",
		"sha256:36ad62285f09cb3b57279174c55ff765fc2bb7d130365c1fb1ceefee79fddf1f",
		"sha256:ee3a8a359e678592bb1aeabfe42d5709c4b82865d2a7cf9330a44c56cda45dae",
		"sha256:3e2608d8856dde37ee2dc4d55b582897c15a2ae5e7cde1b31a586ff108a8edfb",
		"sha256:d71f81164cbaa5b85d74ab59f191cd5c95c12cca181ad56962cedb83b527434e",
		"sha256:8f258687cc11bd34916382d908d88cba4dd4903d91ea708284856768e7f41ad3",
	},
}

func TestReleasedMigrationsDoNotChange(t *testing.T) {
	for dir, sums := range released {
		ms, err := sqlcore.LoadMigrations(os.DirFS(dir), ".")
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(ms), len(sums), "%s: a released migration is gone", dir)
		for i, sum := range sums {
			require.Equal(t, sum, sqlcore.Checksum(ms[i]), "%s: released migration %03d_%s changed; leave it as released and add a new migration", dir, ms[i].Version, ms[i].Name)
		}
	}
}

// A checkout that turns line ends into Windows ones gives the same sums.
func TestChecksumIgnoresWindowsLineEnds(t *testing.T) {
	m := sqlcore.Migration{Version: 1, Name: "x", SQL: "CREATE TABLE a (b INT);\nCREATE TABLE c (d INT);\n"}
	crlf := m
	crlf.SQL = "CREATE TABLE a (b INT);\r\nCREATE TABLE c (d INT);\r\n"
	require.Equal(t, sqlcore.Checksum(m), sqlcore.Checksum(crlf))
	other := m
	other.SQL = "CREATE TABLE a (b BIGINT);\nCREATE TABLE c (d INT);\n"
	require.NotEqual(t, sqlcore.Checksum(m), sqlcore.Checksum(other))
}
