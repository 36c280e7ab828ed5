package sanafeed

// An Edition describes one of SANA's language editions.
type Edition struct {
	Lang     string // BCP 47 code: ar, en, tr, fr, es, ku
	Name     string // the language's own name, e.g. "العربية"
	English  string // the language's English name, e.g. "Arabic"
	Dir      string // "rtl" or "ltr"
	Path     string // the edition's path on sana.sy: "/" for Arabic, "/en/" for English
	SiteName string // the agency's name in the edition's language
}

// Editions lists SANA's six editions in the order sanafeed shows them.
var Editions = []Edition{
	{Lang: "ar", Name: "العربية", English: "Arabic", Dir: "rtl", Path: "/", SiteName: "الوكالة العربية السورية للأنباء"},
	{Lang: "en", Name: "English", English: "English", Dir: "ltr", Path: "/en/", SiteName: "Syrian Arab News Agency"},
	{Lang: "tr", Name: "Türkçe", English: "Turkish", Dir: "ltr", Path: "/tr/", SiteName: "Suriye Arap Haber Ajansı"},
	{Lang: "fr", Name: "Français", English: "French", Dir: "ltr", Path: "/fr/", SiteName: "Agence arabe syrienne d'information"},
	{Lang: "es", Name: "Español", English: "Spanish", Dir: "ltr", Path: "/es/", SiteName: "Agencia Árabe Siria de Noticias"},
	{Lang: "ku", Name: "Kurdî", English: "Kurdish", Dir: "ltr", Path: "/ku/", SiteName: "Ajansa Nûçeyan a Erebî ya Sûrî"},
}

// EditionByLang returns the edition with the given language code and
// reports whether there is one.
func EditionByLang(lang string) (Edition, bool) {
	for _, e := range Editions {
		if e.Lang == lang {
			return e, true
		}
	}
	return Edition{}, false
}

// LangName returns the language's own name for lang, or lang itself when it
// is not one of SANA's editions.
func LangName(lang string) string {
	if e, ok := EditionByLang(lang); ok {
		return e.Name
	}
	return lang
}
