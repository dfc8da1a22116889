package dsl

import "go/types"

// genericSource is filled in by the generics support.
func genericSource(im *symbolImporter, path string) (*types.Package, bool) { return nil, false }
