package main

import (
	"context"
	"errors"
)

// runBundle is a placeholder until the command is built.
func runBundle(ctx context.Context, args []string, s stdio) error {
	return errors.New("bundle: not implemented yet")
}
