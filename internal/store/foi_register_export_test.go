package store

import (
	"context"

	"gongkai/internal/foi"
)

// FOIRegisterPaged reads year's register in pages of size cases, so a test
// crosses page boundaries with a handful of cases.
func FOIRegisterPaged(ctx context.Context, s *Store, year, size int) ([]foi.RegisterRow, error) {
	var out []foi.RegisterRow
	err := s.eachFOIRegisterRow(ctx, year, size, func(r *foi.RegisterRow) error {
		out = append(out, *r)
		return nil
	})
	return out, err
}
