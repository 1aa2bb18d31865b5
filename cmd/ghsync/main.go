// Command ghsync keeps GitHub issues, labels and milestones in sync with a
// catalog of blockers.
package main

import (
	"os"

	"github.com/ghsync/ghsync/internal/cli"
)

func main() {
	os.Exit(cli.Main(cli.System()))
}
