package sanafeed_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
)

func TestSplitQuery(t *testing.T) {
	tests := []struct {
		q       string
		want    []string
		wantErr string
	}{
		{"Aleppo", []string{"Aleppo"}, ""},
		{"  Aleppo   Shaibani ", []string{"Aleppo", "Shaibani"}, ""},
		{`"Deir  ez-Zor" water`, []string{"Deir ez-Zor", "water"}, ""},
		{`حلب ٢٠٢٦`, []string{"حلب", "٢٠٢٦"}, ""},
		{"", nil, "no words"},
		{`"" `, nil, "no words"},
		{"a", nil, "fewer than 2"},
		{"Aleppo -", nil, "fewer than 2"},
		{strings.Repeat("ab ", 9), nil, "9 terms; at most 8"},
		{strings.Repeat("x", 201), nil, "201 bytes long; at most 200"},
	}
	for _, tt := range tests {
		got, err := sanafeed.SplitQuery(tt.q)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("SplitQuery(%q) error %v", tt.q, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("SplitQuery(%q) error %v, want one saying %q", tt.q, err, tt.wantErr)
		case !slices.Equal(got, tt.want):
			t.Errorf("SplitQuery(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}
