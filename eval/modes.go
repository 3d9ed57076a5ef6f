package eval

import (
	"fmt"
	"slices"
	"strings"

	"github.com/docseek/docseek/retrieval"
)

// ParseModes reads a comma-separated list of search modes to evaluate
// ("hybrid,grep"), keeping its order. Unknown, repeated and missing modes
// are errors.
func ParseModes(list string) ([]retrieval.Mode, error) {
	var modes []retrieval.Mode
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		m, err := retrieval.ParseMode(name)
		if err != nil {
			return nil, fmt.Errorf("unknown mode %q (want hybrid, vector, lexical or grep)", name)
		}
		if slices.Contains(modes, m) {
			return nil, fmt.Errorf("mode %q listed twice", m)
		}
		modes = append(modes, m)
	}
	if len(modes) == 0 {
		return nil, fmt.Errorf("no mode given")
	}
	return modes, nil
}
