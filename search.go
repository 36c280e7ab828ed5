package sanafeed

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds of a word search (the search feed's q, a webhook's match): what a
// query may ask, checked before any article is read.
const (
	MaxQueryBytes  = 200 // a search feed's q, and each term of a webhook's match
	MaxQueryTerms  = 8   // terms in one query or match list
	MinTermLetters = 2   // letters or digits a term needs
)

// SplitQuery splits a search box query into its terms: words separated by
// spaces, or phrases in double quotes ("Deir ez-Zor"). It returns an error
// saying what is wrong with a query that is empty, longer than
// MaxQueryBytes or that CheckTerms refuses.
func SplitQuery(q string) ([]string, error) {
	if len(q) > MaxQueryBytes {
		return nil, fmt.Errorf("query is %d bytes long; at most %d", len(q), MaxQueryBytes)
	}
	terms := QueryTerms(q)
	if err := CheckTerms(terms); err != nil {
		return nil, err
	}
	return terms, nil
}

// QueryTerms splits q into terms as SplitQuery does, checking nothing.
func QueryTerms(q string) []string {
	var terms []string
	for i, part := range strings.Split(q, `"`) {
		if i%2 == 1 { // inside quotes
			if p := strings.Join(strings.Fields(part), " "); p != "" {
				terms = append(terms, p)
			}
			continue
		}
		terms = append(terms, strings.Fields(part)...)
	}
	return terms
}

// CheckTerms returns an error saying why terms cannot be searched for:
// none, more than MaxQueryTerms, one longer than MaxQueryBytes, or with
// fewer than MinTermLetters letters or digits.
func CheckTerms(terms []string) error {
	switch {
	case len(terms) == 0:
		return errors.New("no words to search for")
	case len(terms) > MaxQueryTerms:
		return fmt.Errorf("%d terms; at most %d", len(terms), MaxQueryTerms)
	}
	for _, t := range terms {
		if len(t) > MaxQueryBytes {
			return fmt.Errorf("term %.20q… is %d bytes long; at most %d", t, len(t), MaxQueryBytes)
		}
		if !utf8.ValidString(t) {
			return fmt.Errorf("term %q is not UTF-8", t)
		}
		n := 0
		for _, r := range t {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				n++
			}
		}
		if n < MinTermLetters {
			return fmt.Errorf("term %q has fewer than %d letters or digits", t, MinTermLetters)
		}
	}
	return nil
}
