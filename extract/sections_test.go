package extract

import (
	"slices"
	"testing"
)

func TestSections(t *testing.T) {
	page := `<html><body><nav><ul>
<li class="menu-item menu-item-object-category"><a href="/en/syria/">Syria</a></li>
<li class="menu-item menu-item-object-page"><a href="/en/privacy-policy/">Privacy</a></li>
<li class="menu-item menu-item-object-category"><a href="https://sana.sy/en/economy/?utm=x">Economy</a></li>
</ul></nav>
<a class="p-category category-id-5" href="https://www.sana.sy/en/politics/" rel="category">Politics</a>
<a class="p-category" href="/en/politics/">Politics again</a>
<a rel="category" href="/fr/syrie/">French</a>
<a rel="category" href="/en/tag/damascus/">tag</a>
<a rel="category" href="/en/syria/page/2/">page 2</a>
<a rel="category" href="/en/syria/2289847/">a post</a>
<a href="/en/sport/">not marked</a>
</body></html>`
	got, err := Sections([]byte(page), "https://sana.sy/en/", "https://sana.sy/en/")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://sana.sy/en/syria/", "https://sana.sy/en/economy/", "https://sana.sy/en/politics/"}
	if !slices.Equal(got, want) {
		t.Errorf("Sections() = %q, want %q", got, want)
	}
	ar := `<a rel="category" href="/economy/syrian-economy/">اقتصاد سوري</a><a rel="category" href="/en/syria/">en</a>`
	got, _ = Sections([]byte(ar), "https://sana.sy/", "https://sana.sy/")
	if !slices.Equal(got, []string{"https://sana.sy/economy/syrian-economy/"}) {
		t.Errorf("Arabic Sections() = %q", got)
	}
}

// Listings finds categories a theme does not mark: marked ones first,
// then listing-shaped links by structure alone.
func TestListings(t *testing.T) {
	page := `<html><body><nav><ul>
<li class="menu-item"><a href="/economy/">اقتصاد</a></li>
<li class="menu-item"><a href="/politics/">سياسة</a></li>
<li class="menu-item"><a href="/en/">English</a></li>
<li class="menu-item"><a href="/">الرئيسية</a></li>
</ul></nav>
<a href="/economy/2519276/">a post</a><a href="/tag/دمشق/">tag</a><a href="/page/2/">2</a>
<a href="/wp-content/uploads/x.jpg">img</a><a href="/report.pdf">pdf</a><a href="/author/sana/">author</a>
<a href="/feed/">feed</a><a href="https://example.org/economy/">elsewhere</a>
<a rel="category" href="/politics/">سياسة</a><a rel="category" href="/sport/">رياضة</a>
</body></html>`
	got, err := Listings([]byte(page), "https://sana.sy/", "https://sana.sy/")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://sana.sy/politics/", "https://sana.sy/sport/", "https://sana.sy/economy/"}
	if !slices.Equal(got, want) {
		t.Errorf("Listings() = %q, want %q", got, want)
	}
	got, _ = Sections([]byte(page), "https://sana.sy/", "https://sana.sy/")
	if want := []string{"https://sana.sy/politics/", "https://sana.sy/sport/"}; !slices.Equal(got, want) {
		t.Errorf("Sections() = %q, want only the marked %q", got, want)
	}
}
