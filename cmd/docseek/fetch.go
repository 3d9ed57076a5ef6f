package main

import (
	"context"
	"errors"
)

// runFetch is a placeholder until the command is built.
func runFetch(ctx context.Context, args []string, s stdio) error {
	return errors.New("fetch: not implemented yet")
}
