package extract

import (
	"strings"
	"testing"
	"time"
)

func TestFindDateline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"DAMASCUS, Feb. 9 (SANA) – Member states of the coalition…", "DAMASCUS, Feb. 9 (SANA) –"},
		{"Damas, (SANA) – Le ministre…", "Damas, (SANA) –"},
		{"Damas – SANA / Le ministre…", "Damas – SANA /"},
		{"دمشق-سانا أعلنت الوزارة…", "دمشق-سانا"},
		{"ريف دمشق – سانا\nأعلنت", "ريف دمشق – سانا"},
		{"Halep, SANA – Kentte…", "Halep, SANA –"},
		{"DEIR EZ-ZOR, Feb. 9 (SANA) – x", "DEIR EZ-ZOR, Feb. 9 (SANA) –"},
		{"\u00a0DAMASCUS, Feb. 9 (SANA)\u00a0– x", "DAMASCUS, Feb. 9 (SANA) –"},
		{"The minister told SANA that…", ""},
		{"Officials – SANAA airport reopened", ""},
		{"No dateline at all.", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := findDateline(tt.in); got != tt.want {
			t.Errorf("findDateline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDisplayTimes(t *testing.T) {
	tests := []struct{ in, pub, mod string }{
		{"Published: 2026/02/09 4:15 PM Updated: 2026/02/09 8:32 PM", "2026-02-09T16:15:00+03:00", "2026-02-09T20:32:00+03:00"},
		{"Publié: 2026/02/09 12:05 AM Mis à jour: 2026/02/10 12:30 PM", "2026-02-09T00:05:00+03:00", "2026-02-10T12:30:00+03:00"},
		{"نشر: ٢٠٢٦/٠٢/٠٩ ٢:٠٥ م تحديث: ٢٠٢٦/٠٢/٠٩ ٣:٤٠ م", "2026-02-09T14:05:00+03:00", "2026-02-09T15:40:00+03:00"},
		{"Güncellendi: 2026/02/09 17:20", "", "2026-02-09T17:20:00+03:00"},
		{"2026/13/45 4:15 PM", "", ""},
		{"no date", "", ""},
	}
	for _, tt := range tests {
		pub, mod := displayTimes(tt.in)
		if !sameTime(pub, tt.pub) || !sameTime(mod, tt.mod) {
			t.Errorf("displayTimes(%q) = %v, %v; want %s, %s", tt.in, pub, mod, tt.pub, tt.mod)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-02-09T16:15:21+03:00", "2026-02-09T16:15:21+03:00"},
		{"2026-02-09T13:15:21Z", "2026-02-09T16:15:21+03:00"},
		{"2026-02-09T16:15:21.000+0300", "2026-02-09T16:15:21+03:00"},
		{"2026-02-09T16:15:21", "2026-02-09T16:15:21+03:00"},
		{"2026-02-09 16:15", "2026-02-09T16:15:00+03:00"},
		{"2026-02-09", "2026-02-09T00:00:00+03:00"},
		{"٢٠٢٦-٠٢-٠٩T16:15:21+03:00", "2026-02-09T16:15:21+03:00"},
		{"Mon, 09 Feb 2026 13:15:21 +0000", "2026-02-09T16:15:21+03:00"},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := parseTime(tt.in)
		if ok != (tt.want != "") || !sameTime(got, tt.want) {
			t.Errorf("parseTime(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
}

func sameTime(got time.Time, want string) bool {
	if want == "" {
		return got.IsZero()
	}
	w, err := time.Parse(time.RFC3339, want)
	return err == nil && got.Equal(w)
}

func TestStripSiteSuffix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Title - Syrian Arab News Agency", "Title"},
		{"Title | SANA", "Title"},
		{"عنوان - الوكالة العربية السورية للأنباء", "عنوان"},
		{"Titre - Agence arabe syrienne d'information", "Titre"},
		{"Syria – Jordan talks", "Syria – Jordan talks"},
		{"A - B - Syrian Arab News Agency (SANA)", "A - B"},
	}
	for _, tt := range tests {
		if got := stripSiteSuffix(tt.in); got != tt.want {
			t.Errorf("stripSiteSuffix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestParseDocCutsClasses checks that a huge class attribute is cut after
// a whole class within maxClassBytes, and that others are left alone.
func TestParseDocCutsClasses(t *testing.T) {
	huge := strings.Repeat(" tag-abcdefgh", 2*maxClassBytes/13)
	doc, err := parseDoc([]byte(`<html><body><article class="post-5` + huge + `"><p class="x  y">t</p></article></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	got := doc.Find("article").AttrOr("class", "")
	if len(got) > maxClassBytes || !strings.HasPrefix(got, "post-5 tag-abcdefgh") || !strings.HasSuffix(got, " tag-abcdefgh") {
		t.Errorf("class of %d bytes cut to %d: …%q", len(huge), len(got), got[max(0, len(got)-30):])
	}
	if c := doc.Find("p").AttrOr("class", ""); c != "x  y" {
		t.Errorf("short class = %q, want it as it was", c)
	}
}
