package main

import (
	"context"
	"errors"
)

// runEmbed is a placeholder until the command is built.
func runEmbed(ctx context.Context, args []string, s stdio) error {
	return errors.New("embed: not implemented yet")
}
