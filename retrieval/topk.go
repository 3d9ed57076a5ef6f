package retrieval

import "slices"

// topK keeps the k best scored documents seen so far: higher score first,
// ties broken by ascending id so rankings are repeatable.
type topK struct {
	k    int
	ids  []string
	heap []scored // min-heap: the worst kept document at [0]
}

func newTopK(k int, ids []string) *topK {
	return &topK{k: k, ids: ids, heap: make([]scored, 0, min(k, 64))}
}

// better reports whether a ranks before b.
func (t *topK) better(a, b scored) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return t.ids[a.doc] < t.ids[b.doc]
}

func (t *topK) push(s scored) {
	if len(t.heap) < t.k {
		t.heap = append(t.heap, s)
		t.up(len(t.heap) - 1)
		return
	}
	if t.k == 0 || !t.better(s, t.heap[0]) {
		return
	}
	t.heap[0] = s
	t.down(0)
}

func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.better(t.heap[p], t.heap[i]) { // parent is worse or equal: heap holds
			return
		}
		t.heap[p], t.heap[i] = t.heap[i], t.heap[p]
		i = p
	}
}

func (t *topK) down(i int) {
	n := len(t.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		w := l // the worse child
		if r := l + 1; r < n && t.better(t.heap[l], t.heap[r]) {
			w = r
		}
		if !t.better(t.heap[i], t.heap[w]) {
			return
		}
		t.heap[i], t.heap[w] = t.heap[w], t.heap[i]
		i = w
	}
}

// sorted returns the kept documents, best first. The topK is spent.
func (t *topK) sorted() []scored {
	out := t.heap
	slices.SortFunc(out, func(a, b scored) int {
		switch {
		case t.better(a, b):
			return -1
		case t.better(b, a):
			return 1
		}
		return 0
	})
	return out
}
