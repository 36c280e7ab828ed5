package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/charset"
	"github.com/sanafeed/sanafeed/config"
	"github.com/sanafeed/sanafeed/extract"
)

// A tryReport is what `sanafeed try` prints: what a source's rules
// extract from one page, field by field, with the rule that gave each.
type tryReport struct {
	Source string `json:"source"` // the source's lang
	URL    string `json:"url"`    // the page's URL (after redirects)
	Kind   string `json:"kind"`   // "article", "listing" or "none"
	OK     bool   `json:"ok"`
	// Problems say what is missing: an article without id, title or
	// body; a listing without article links; a page that is neither.
	Problems []string    `json:"problems,omitempty"`
	Fields   []tryField  `json:"fields,omitempty"`   // an article's
	Articles []tryItem   `json:"articles,omitempty"` // a listing's
	Next     string      `json:"next,omitempty"`     // a listing's next page
	NotRead  *tryNotRead `json:"not_article,omitempty"`
}

// A tryField is one field of an article and the rule that gave it.
type tryField struct {
	Field string `json:"field"`
	Value string `json:"value"`
	Rule  string `json:"rule,omitempty"` // the selector, or the fallback's name
	// From is "config" (a rule the source's table sets), "built-in" (a
	// default rule), "fallback" (a standard place or readability) or
	// "none" (nothing found it).
	From string `json:"from"`
}

// A tryItem is one article link of a listing.
type tryItem struct {
	URL       string `json:"url"`
	PostID    int64  `json:"id,omitempty"` // 0: the link holds none; the page tells it
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
}

// tryNotRead says why the page was not read as an article.
type tryNotRead struct {
	Reason string `json:"reason"`
}

// cmdTry prints what the effective rules extract from one page. It
// fetches the page politely (robots.txt, the crawl delay, the user agent
// of [poll]) or reads it from -file, and touches no store.
func cmdTry(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, path := newFlags("try", stderr)
	lang := fs.String("source", "", "the source (lang) whose rules apply; default: the one whose url the page is under")
	asJSON := fs.Bool("json", false, "print JSON")
	file := fs.String("file", "", "read the page from this file instead of fetching URL")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	pageURL := fs.Arg(0)
	cfg, err := loadConfig(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	src, err := trySource(cfg, *lang, pageURL)
	if err != nil {
		fmt.Fprintln(stderr, "sanafeed try:", err)
		return 2
	}
	rules, err := extract.Compile(src.Rules)
	if err != nil {
		fmt.Fprintln(stderr, "sanafeed try:", err)
		return 2
	}
	body, finalURL, err := tryRead(ctx, cfg, src, pageURL, *file)
	if err != nil {
		fmt.Fprintln(stderr, "sanafeed try:", err)
		return 1
	}
	rep := tryPage(rules, src, body, finalURL)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		printTry(stdout, rep)
	}
	if !rep.OK {
		return 1
	}
	return 0
}

// trySource returns the source named lang, else the one whose url pageURL
// lies under (the deepest, as /en/ under /).
func trySource(cfg config.Config, lang, pageURL string) (config.Source, error) {
	var best config.Source
	for _, s := range cfg.Sources {
		switch {
		case lang != "" && s.Lang == lang:
			return s, nil
		case lang == "" && sanafeed.InEdition(s.URL, pageURL) && len(s.URL) > len(best.URL):
			best = s
		}
	}
	if lang != "" {
		return best, fmt.Errorf("no [[source]] with lang %q in the config", lang)
	}
	if best.Lang == "" {
		return best, fmt.Errorf("%s is under no source's url; name one with -source LANG", pageURL)
	}
	return best, nil
}

// tryRead returns the page as UTF-8 and the URL it was read from: the
// file, or the page fetched with the config's polite client.
func tryRead(ctx context.Context, cfg config.Config, src config.Source, pageURL, file string) ([]byte, string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, "", err
		}
		return charset.DecodeHTML(b, "", src.Lang), pageURL, nil
	}
	c := newClient(cfg.Poll, newLogger(io.Discard, cfg.Log))
	ctx, cancel := context.WithTimeout(ctx, cfg.Poll.Timeout.Duration+time.Minute)
	defer cancel()
	doc, err := c.Get(ctx, pageURL, sanafeed.FetchState{URL: pageURL})
	if err != nil {
		return nil, "", err
	}
	return charset.DecodeHTML(doc.Body, doc.ContentType, src.Lang), doc.URL, nil
}

// tryPage reads body as an article page, else as a listing.
func tryPage(rules *extract.Rules, src config.Source, body []byte, pageURL string) tryReport {
	rep := tryReport{Source: src.Lang, URL: pageURL}
	a, trace, err := rules.Explain(body, pageURL, src.Lang)
	if err == nil {
		rep.Kind = "article"
		rep.Fields = articleFields(a, trace, src)
		for _, f := range rep.Fields {
			if f.From == "none" && slices.Contains([]string{"id", "title", "body"}, f.Field) {
				rep.Problems = append(rep.Problems, "no "+f.Field)
			}
		}
		rep.OK = len(rep.Problems) == 0
		return rep
	}
	rep.NotRead = &tryNotRead{Reason: err.Error()}
	l, lerr := rules.Listing(body, pageURL, src.URL)
	if lerr == nil && len(l.Articles) > 0 {
		rep.Kind, rep.OK, rep.Next = "listing", true, l.Next
		for _, it := range l.Articles {
			item := tryItem{URL: it.URL, PostID: it.PostID, Title: it.Title}
			if !it.Published.IsZero() {
				item.Published = it.Published.Format(time.RFC3339)
			}
			rep.Articles = append(rep.Articles, item)
		}
		return rep
	}
	rep.Kind = "none"
	rep.Problems = append(rep.Problems, "not an article ("+err.Error()+") and no article links as a listing (source.article, source.listing.item)")
	return rep
}

// articleFields lists an article's fields in the order the trace gives
// them, each with its value and where it came from.
func articleFields(a sanafeed.Article, trace extract.Trace, src config.Source) []tryField {
	values := map[string]string{
		"id":        strconvID(a.PostID),
		"title":     a.Title,
		"body":      excerpt(a.Content),
		"author":    a.Author,
		"image":     a.Image,
		"published": timeOrEmpty(a.Published),
		"modified":  timeOrEmpty(a.Modified),
	}
	var tags, cats []string
	for _, t := range a.Tags {
		tags = append(tags, t.Slug+" ("+t.Name+")")
	}
	for _, t := range a.Categories {
		cats = append(cats, t.Slug+" ("+t.Name+")")
	}
	values["tags"], values["categories"] = strings.Join(tags, ", "), strings.Join(cats, ", ")
	var out []tryField
	seen := map[string]bool{}
	for _, st := range trace {
		if seen[st.Field] {
			continue
		}
		seen[st.Field] = true
		f := tryField{Field: st.Field, Value: values[st.Field], Rule: st.Rule}
		switch {
		case st.Rule == "":
			f.From = "none"
		case st.Fallback:
			f.From = "fallback"
		case isDefaultRule(src, st.Field):
			f.From = "built-in"
		default:
			f.From = "config"
		}
		out = append(out, f)
	}
	if a.URL != "" {
		out = append(out, tryField{Field: "url", Value: a.URL, Rule: "canonical link, else the page's URL", From: "built-in"})
	}
	return out
}

// isDefaultRule reports whether the source's rule for the page field is
// the built-in one.
func isDefaultRule(src config.Source, field string) bool {
	def := sanafeed.DefaultRules(src.URL)
	defs := def.Page.Fields()
	for i, f := range src.Rules.Page.Fields() {
		if f.Key == field {
			return slices.Equal(*f.List, *defs[i].List)
		}
	}
	return false
}

func strconvID(id int64) string {
	if id == 0 {
		return ""
	}
	return fmt.Sprint(id)
}

func timeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// excerpt returns the start of html's text, and its length in runes.
func excerpt(html string) string {
	text := sanafeed.CollapseSpace(sanafeed.PlainText(html))
	if text == "" {
		return ""
	}
	n := utf8.RuneCountInString(text)
	if r := []rune(text); len(r) > 160 {
		text = string(r[:160]) + "…"
	}
	return fmt.Sprintf("%s [%d characters]", text, n)
}

// printTry writes rep for a person.
func printTry(w io.Writer, rep tryReport) {
	fmt.Fprintf(w, "source %s · %s · %s\n", rep.Source, rep.URL, rep.Kind)
	switch rep.Kind {
	case "article":
		for _, f := range rep.Fields {
			v := f.Value
			if v == "" {
				v = "—"
			}
			fmt.Fprintf(w, "\n%-10s %s\n", f.Field, v)
			switch {
			case f.From == "fallback":
				fmt.Fprintf(w, "%-10s ↳ %s\n", "", f.Rule) // "fallback: …"
			case f.Rule != "":
				fmt.Fprintf(w, "%-10s ↳ %s: %s\n", "", f.From, f.Rule)
			default:
				fmt.Fprintf(w, "%-10s ↳ nothing found it\n", "")
			}
		}
	case "listing":
		fmt.Fprintf(w, "not an article: %s\n\n%d article links:\n", rep.NotRead.Reason, len(rep.Articles))
		for _, it := range rep.Articles {
			id := "id from its page"
			if it.PostID > 0 {
				id = fmt.Sprint(it.PostID)
			}
			fmt.Fprintf(w, "  %-16s %s  %s\n", id, it.URL, it.Title)
		}
		next := rep.Next
		if next == "" {
			next = "— (WordPress's /page/N/ will be tried)"
		}
		fmt.Fprintf(w, "\nnext page: %s\n", next)
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "\nPROBLEM: %s\n", p)
	}
}
