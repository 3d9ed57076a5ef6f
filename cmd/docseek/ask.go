package main

import (
	"context"
	"errors"
)

// runAsk is a placeholder until the command is built.
func runAsk(ctx context.Context, args []string, s stdio) error {
	return errors.New("ask: not implemented yet")
}
