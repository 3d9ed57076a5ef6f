package main

import (
	"context"
	"errors"
)

// runModel is a placeholder until the command is built.
func runModel(ctx context.Context, args []string, s stdio) error {
	return errors.New("model: not implemented yet")
}
