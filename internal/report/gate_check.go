package report

import (
	"fmt"
	"strings"

	"github.com/ghsync/ghsync/internal/catalog"
)

// CheckGate says whether cat defines the gate name, and if not, which it
// does: checked before GitHub is read, since a typo needs no network.
func CheckGate(cat *catalog.Catalog, name string) error {
	known := make([]string, 0, len(cat.Gates))
	for _, g := range cat.Gates {
		if g.ID == name {
			return nil
		}
		known = append(known, g.ID)
	}
	if len(known) == 0 {
		return fmt.Errorf("unknown gate %q: the catalog defines no gates (add them under gates:)", name)
	}
	return fmt.Errorf("unknown gate %q: the catalog defines %s", name, strings.Join(known, ", "))
}
