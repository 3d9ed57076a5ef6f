package main

import (
	"context"
	"errors"
)

// runServe is a placeholder until the command is built.
func runServe(ctx context.Context, args []string, s stdio) error {
	return errors.New("serve: not implemented yet")
}
