package refresh

import "testing"

func TestClosesHTML(t *testing.T) {
	for in, want := range map[string]bool{
		"<html><body>x</body></html>\n":  true,
		"<HTML><BODY>x</BODY></HTML>":    true,
		"<html><body>x</body></Html >":   false, // not the closing tag as written by any server we know
		"<html><body>x</body></htm":      false,
		"<html><body>cut short</b":       false,
		"</html":                         false,
		"":                               false,
		"text </ html> </htmlx> </html>": true,
		"</</html>":                      true,
	} {
		if got := closesHTML([]byte(in)); got != want {
			t.Errorf("closesHTML(%q) = %v, want %v", in, got, want)
		}
	}
}
