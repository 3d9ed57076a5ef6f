package main

import (
	"context"
	"errors"
)

// runCorpus is a placeholder until the command is built.
func runCorpus(ctx context.Context, args []string, s stdio) error {
	return errors.New("corpus: not implemented yet")
}
