// Package migrations embeds the versioned SQL migrations, one folder per
// dialect with the same version numbers.
package migrations

import "embed"

//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
