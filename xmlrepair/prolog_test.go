package xmlrepair_test

import (
	"testing"

	"github.com/sanafeed/sanafeed/xmlrepair"
)

func TestReadProlog(t *testing.T) {
	t.Parallel()
	const bomb = `<?xml version="1.0"?>` + "\n" + `<!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss>&b;</rss>`
	tests := []struct {
		name, in string
		want     xmlrepair.Prolog
	}{
		{"rss", `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">`, xmlrepair.Prolog{Root: "rss", RootAt: 38, Entities: -1}},
		{"comments and instructions", "<!-- cached -->\n<?xml-stylesheet href=\"a.xsl\"?>\n<rdf:RDF>", xmlrepair.Prolog{Root: "rdf:RDF", RootAt: 48, Entities: -1}},
		{"html", "<!DOCTYPE html>\n<html lang=ar>", xmlrepair.Prolog{Root: "html", RootAt: 16, HTML: true, Entities: -1}},
		{"doctype with a subset", `<!DOCTYPE feed [<!ATTLIST feed x CDATA "a>b">]><feed>`, xmlrepair.Prolog{Root: "feed", RootAt: 47, Entities: -1}},
		{"entities", bomb, xmlrepair.Prolog{Entities: 37}},
		{"text first", "Warning: headers sent<rss>", xmlrepair.Prolog{Entities: -1}},
		{"cut in a comment", "<!-- cached", xmlrepair.Prolog{Entities: -1}},
	}
	for _, tt := range tests {
		if got := xmlrepair.ReadProlog(tt.in); got != tt.want {
			t.Errorf("%s: ReadProlog() = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
