package main

import (
	"context"
	"errors"
)

// runEval is a placeholder until the command is built.
func runEval(ctx context.Context, args []string, s stdio) error {
	return errors.New("eval: not implemented yet")
}
