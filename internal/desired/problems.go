package desired

import "github.com/ghsync/ghsync/internal/catalog"

// Problems reports what only rendering can find (an issue body over GitHub's
// 65,536 characters), positioned at the blocker.
func Problems(c *catalog.Catalog) []catalog.Problem {
	return nil // TODO(reconciler): render and measure.
}
