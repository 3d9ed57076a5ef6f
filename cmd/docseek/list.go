package main

import (
	"context"
	"errors"
)

// runList is a placeholder until the command is built.
func runList(ctx context.Context, args []string, s stdio) error {
	return errors.New("list: not implemented yet")
}
