package nn

import "github.com/eoslab/eoslab/lib/ad"

var _ ad.BatchThirdOrderer = (*Objective)(nil)

// ThirdOrders writes βᵢⱼ = D³L(w)[uᵢ, uⱼ, ·] for every pair i ≤ j of the
// directions u into dst (ad.SymPairs(len(u)) vectors, order (0,0), (0,1),
// …, (1,1), …): in one pass sharing the primal and first-order streams for
// stack networks (see ad.Model.ThirdOrders), one ThirdOrder per pair
// otherwise.
func (o *Objective) ThirdOrders(dst [][]float64, w []float64, u [][]float64) {
	if b, ok := o.model.(ad.BatchThirdOrderer); ok {
		b.ThirdOrders(dst, w, u)
		return
	}
	ad.ThirdOrdersByPairs(dst, o.model, w, u)
}
