package embed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// selfTestCase is a fixed text and the vector sentence-transformers gives it
// (from embed/bert/testdata/reference.json, rounded to 5 decimals).
type selfTestCase struct {
	text   string
	vector []float32
}

// selfTests holds, by the sha256 of a model's weights, the case the
// start-up self-test embeds.
var selfTests = map[string]selfTestCase{
	// all-MiniLM-L6-v2
	"53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db": {
		text: "How do I verify webhook signatures when a directory user gets deleted?",
		vector: []float32{
			-0.05155, 0.05858, -0.03933, -0.06682, 0.05850, -0.08598, 0.04027, -0.06737, 0.03807, -0.04891,
			0.07786, -0.06201, 0.04691, -0.05605, 0.02803, -0.02373, -0.05486, 0.07899, 0.01048, -0.05328,
			-0.05530, -0.01370, 0.02064, -0.02011, 0.07550, -0.03409, 0.08144, -0.01355, -0.07938, 0.06652,
			0.04990, -0.02768, -0.03678, -0.00549, 0.07073, 0.10285, 0.05045, -0.03570, 0.02094, 0.01480,
			0.00989, -0.04683, -0.01050, -0.01384, -0.11222, -0.01806, -0.09771, -0.00690, -0.10632, 0.02027,
			0.02129, -0.03067, -0.04409, 0.03767, -0.07095, -0.01724, 0.01441, 0.11309, -0.05766, -0.04273,
			0.05589, 0.01358, 0.00307, -0.04967, 0.02755, 0.08497, 0.01891, -0.07922, 0.05030, 0.03898,
			-0.00189, -0.02624, -0.03685, 0.00086, -0.04028, 0.04924, 0.00802, 0.05994, -0.01127, -0.07001,
			-0.03642, -0.04108, 0.00312, 0.03300, -0.03226, 0.09926, -0.07205, -0.01417, -0.04761, 0.02976,
			0.09238, 0.01753, -0.01660, -0.07025, -0.03392, -0.01955, 0.01125, 0.10779, -0.00189, 0.07878,
			-0.11205, 0.00377, -0.03880, -0.10065, 0.11486, 0.05037, 0.00509, -0.05983, 0.03683, 0.01541,
			-0.08430, -0.04733, -0.01670, 0.09515, 0.06532, 0.06752, -0.03771, 0.08290, -0.04068, -0.00025,
			0.02269, -0.03313, 0.01684, 0.01909, -0.04385, 0.03085, 0.06449, -0.00000, 0.01109, 0.16743,
			-0.00166, -0.00979, 0.03922, -0.05752, 0.03957, -0.02333, 0.01028, -0.00597, 0.05917, 0.06142,
			0.05362, -0.08145, -0.03489, 0.04223, -0.02084, 0.03569, -0.02298, 0.01558, 0.04189, -0.01509,
			0.02215, 0.03607, -0.01100, -0.08661, -0.04929, 0.10769, -0.00700, 0.00722, 0.00020, -0.00830,
			0.02873, 0.05487, -0.02853, -0.00581, -0.04657, -0.04165, -0.02462, -0.09475, 0.08956, -0.06231,
			-0.02251, 0.02369, -0.11943, 0.02268, 0.05508, -0.02972, 0.10733, 0.00540, 0.00472, -0.01631,
			0.00152, 0.02646, -0.05565, -0.05247, 0.00256, -0.05231, 0.01164, -0.03251, 0.09179, 0.07759,
			0.04774, -0.03523, -0.03432, -0.08615, -0.04127, -0.01274, -0.02878, -0.04011, 0.04093, 0.04900,
			0.01700, -0.01457, -0.10342, -0.08292, 0.02005, 0.06130, -0.04656, 0.03928, 0.09768, -0.05364,
			-0.00888, 0.00185, 0.04518, -0.00506, -0.00811, -0.06653, -0.09165, 0.02648, -0.01565, 0.00118,
			-0.04909, -0.00848, 0.02819, -0.00000, 0.00837, -0.04512, 0.01891, 0.00722, 0.01100, 0.01011,
			-0.00774, 0.02863, -0.06582, -0.07322, 0.04771, -0.02542, -0.02342, 0.06469, 0.00936, -0.04602,
			-0.07442, -0.07939, 0.05393, -0.03724, 0.08209, -0.02597, -0.03692, 0.07662, 0.00426, -0.06685,
			0.02757, -0.00720, -0.02617, 0.00784, 0.09549, -0.02440, -0.02814, -0.02011, 0.01345, -0.15522,
			-0.02010, 0.10741, -0.01137, -0.01237, 0.04888, 0.00803, 0.02439, 0.01442, -0.00307, 0.04409,
			0.08454, 0.04859, -0.02995, 0.09114, 0.07517, 0.00064, 0.01678, 0.01171, -0.04620, 0.18419, 0.04518,
			-0.05597, 0.02911, -0.03459, -0.07655, -0.00518, 0.01259, 0.10855, 0.00285, -0.04690, -0.01043,
			0.05294, -0.03106, 0.00045, 0.06198, 0.02096, -0.02126, 0.00626, 0.03077, -0.05914, -0.01577,
			-0.01860, -0.02170, -0.05097, -0.01449, 0.07206, -0.01963, 0.00841, -0.01435, -0.03929, -0.04072,
			0.01367, -0.00931, 0.04491, 0.02230, 0.00842, -0.01111, -0.04392, -0.06099, -0.00000, -0.07303,
			0.02819, 0.04317, 0.00511, 0.04300, -0.01099, 0.06888, -0.01076, -0.03171, -0.01014, -0.00970,
			-0.01433, -0.08904, -0.03847, -0.02117, -0.15104, 0.02024, -0.00082, -0.02179, 0.00595, -0.04243,
			-0.02621, 0.04286, -0.00354, 0.05924, 0.05014, 0.02404, 0.06821, -0.06288, -0.02050, -0.01978,
			-0.03331, 0.04978, -0.01718, -0.03024, 0.05140, -0.09718, 0.00981, -0.02664, 0.01019, -0.05606,
			0.07907, -0.02117, 0.01185, 0.08396, -0.01308, 0.07806, -0.03202, 0.01610, -0.00835, -0.05736,
			-0.06492, 0.01217, 0.07788, -0.03721, -0.05782, 0.02870, 0.06328, 0.06243, 0.02642, 0.06434,
			0.03283, 0.05302, -0.00087,
		},
	},
}

// minSelfTestCosine is the least cosine similarity the self-test accepts
// between the vector embedded and the stored one. Kernel and rounding
// differences stay above 0.9999; damaged weights or head counts fall far
// below.
const minSelfTestCosine = 0.999

// selfTest embeds the fixed text of the model's weights and compares it with
// the stored vector: a few milliseconds that catch same-size damage to the
// weights or config that no size check sees (a different head count, a
// scaled LayerNorm), which would otherwise rank nonsense while /healthz says
// ok. A model without a stored case (tests' tiny models) is not checked.
func (l *Local) selfTest(ctx context.Context) error {
	tc, ok := selfTests[l.WeightsSHA256()]
	if !ok {
		return nil
	}
	vecs, err := l.model.Embed(ctx, []string{tc.text})
	if err != nil {
		return fmt.Errorf("self-test: %w", err)
	}
	v := vecs[0]
	if len(v) != len(tc.vector) {
		return fmt.Errorf("self-test: %d dimensions, want %d", len(v), len(tc.vector))
	}
	var dot, na, nb float64
	for i := range v {
		dot += float64(v[i]) * float64(tc.vector[i])
		na += float64(v[i]) * float64(v[i])
		nb += float64(tc.vector[i]) * float64(tc.vector[i])
	}
	cos := dot / math.Sqrt(na*nb)
	if !(cos >= minSelfTestCosine) { // NaN fails too
		return fmt.Errorf("self-test: the vector of a fixed text has cosine %.4f with the expected one (want >= %g): "+
			"the model's weights or config are damaged", cos, minSelfTestCosine)
	}
	return nil
}

// checkSmallFiles hashes every model file but the weights against the
// sha256 the marker recorded at fetch time: about 1 MB, a few milliseconds,
// and it catches a same-size edit of config.json or the tokenizer that the
// size check lets through. The fetched weights (90 MB) are left to the
// self-test; float16 weights (45 MB, converted by make dist, Float16Of) are
// hashed too, as the self-test's stored vector is the float32 model's and
// only the file's own hash ties it to its source.
func checkSmallFiles(dir string, mi ModelInfo) error {
	for _, f := range mi.Files {
		if f.Name == weightsFile && mi.Float16Of == nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
			return fetchHint(dir, mi.Model, fmt.Sprintf("model file %q has sha256 %s, want %s (damaged)", f.Name, got, f.SHA256), true)
		}
	}
	return nil
}
