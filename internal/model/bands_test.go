package model_test

import (
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

func TestTopBand(t *testing.T) {
	fac := func(hhi int, has bool) *model.Facility {
		f := &model.Facility{Facility: &dataset.Facility{}}
		f.Concentration.HHI, f.Concentration.HasHHI = hhi, has
		if has {
			f.Concentration.Band = model.BandOf(hhi)
		}
		return f
	}
	tests := []struct {
		name string
		fs   []*model.Facility
		want model.Band
	}{
		{"no facilities", nil, ""},
		{"none with an HHI", []*model.Facility{fac(0, false), fac(0, false)}, ""},
		{"one unconcentrated", []*model.Facility{fac(0, false), fac(900, true)}, model.Unconcentrated},
		{"the highest wins, wherever it is", []*model.Facility{fac(1500, true), fac(9000, true), fac(500, true)}, model.High},
		{"moderate over unconcentrated", []*model.Facility{fac(999, true), fac(1000, true)}, model.Moderate},
	}
	for _, tt := range tests {
		if got := model.TopBand(tt.fs); got != tt.want {
			t.Errorf("TopBand(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
