package eval

import (
	"errors"
	"fmt"

	"github.com/docseek/docseek/retrieval"
)

// GateMode is the mode the quality gate checks.
const GateMode = retrieval.ModeHybrid

// Gate checks the CI quality floor: the hybrid page-level Recall@5 of rep
// must not be below floor. It returns that recall, and an error saying by how
// much it fell short, or that rep has no hybrid scores.
func (rep *Report) Gate(floor float64) (float64, error) {
	mr := rep.Modes[string(GateMode)]
	if mr == nil {
		return 0, errors.New("the gate needs the hybrid mode evaluated")
	}
	if got := mr.Page.Recall5; got < floor {
		return got, fmt.Errorf("hybrid page-level Recall@5 is %.3f, below the floor %.3f (corpus %s): retrieval quality regressed",
			got, floor, rep.CorpusVersion)
	}
	return mr.Page.Recall5, nil
}
