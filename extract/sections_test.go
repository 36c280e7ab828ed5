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
