package replica

import (
	"time"

	"github.com/sanafeed/sanafeed"
)

// An edition is the static description of one SANA edition in the replica:
// its WordPress settings, categories and theme strings.
type edition struct {
	sanafeed.Edition
	htmlLang       string        // <html lang> and the feed's <language>
	locale         string        // og:locale
	creator        string        // the generic account shown as dc:creator
	contentEncoded bool          // feed items carry content:encoded
	promoFooter    bool          // content:encoded ends with "The post … appeared first on …"
	staleFor       time.Duration // the plain feed is a snapshot taken this long before Start; 0 = fresh
	utcMeta        bool          // machine-readable times in +00:00 rather than +03:00
	flatLD         bool          // JSON-LD is one NewsArticle object rather than a Yoast @graph
	maxPages       int           // listing pages past this answer 404; 0 = no limit
	cats           []*category   // in menu order
	byPath         map[string]*category
	l              labels
}

// A category is a WordPress category of one edition.
type category struct {
	path string // full path in permalinks: "economy/syrian-economy"
	slug string // its own slug, the last segment of path
	name string
	term int // WordPress term id
}

// labels are the theme strings an edition shows.
type labels struct {
	published, updated, latest, urgent, reading, tagged, share, editors string
	related, cookie, privacy, terms, accept, notFound, next, search     string
	follow, languages, welcome, signIn, user, password, lost, about     string
	rights, tagArchive, noPosts                                         string
}

// newEditions returns the six editions keyed by language code.
func newEditions() map[string]*edition {
	eds := map[string]*edition{}
	for _, e := range sanafeed.Editions {
		ed := &edition{Edition: e, creator: "SANA", byPath: map[string]*category{}}
		switch e.Lang {
		case "ar":
			ed.htmlLang, ed.locale, ed.creator, ed.maxPages = "ar", "ar_AR", "سانا", 9
			ed.l = arLabels()
			ed.addCats(3, "presidency", "الرئاسة", "politics", "سياسة", "local", "محليات",
				"local/services", "خدمات", "economy", "اقتصاد", "economy/syrian-economy", "الاقتصاد السوري",
				"economy/agricultural", "زراعة", "economy/transport", "نقل", "health", "صحة",
				"education", "تربية وتعليم", "culture", "ثقافة", "sport", "رياضة", "international", "دولي")
		case "en":
			ed.htmlLang, ed.locale = "en-US", "en_US"
			ed.contentEncoded, ed.promoFooter, ed.staleFor = true, true, 6*time.Hour
			ed.l = enLabels()
			ed.addCats(2, "presidency", "Presidency", "politics", "Politics", "syria", "Syria",
				"economy", "Economy", "health", "Health", "international", "International",
				"education", "Education", "culture", "Culture", "sport", "Sport",
				"tour-syria", "Tour Syria", "miscellaneous", "Miscellaneous")
		case "tr":
			ed.htmlLang, ed.locale, ed.staleFor = "tr", "tr_TR", 5*time.Hour
			ed.l = trLabels()
			ed.addCats(2, "suriye", "Suriye", "siyaset", "Siyaset", "ekonomi", "Ekonomi",
				"saglik", "Sağlık", "kultur", "Kültür", "spor", "Spor", "dunya", "Dünya")
		case "fr":
			ed.htmlLang, ed.locale, ed.contentEncoded, ed.flatLD = "fr-FR", "fr_FR", true, true
			ed.l = frLabels()
			ed.addCats(2, "presidency", "Présidence", "syrie", "Syrie", "politique", "Politique",
				"economie", "Économie", "sante", "Santé", "culture", "Culture", "sport", "Sport",
				"international", "International")
		case "es":
			ed.htmlLang, ed.locale = "es-ES", "es_ES"
			ed.l = esLabels()
			ed.addCats(2, "presidencia", "Presidencia", "siria", "Siria", "politica", "Política",
				"economia", "Economía", "salud", "Salud", "cultura", "Cultura", "deportes", "Deportes",
				"internacional", "Internacional")
		case "ku":
			ed.htmlLang, ed.locale, ed.utcMeta = "ku", "ku_TR", true
			ed.l = kuLabels()
			ed.addCats(2, "suriye", "Sûriye", "siyaset", "Siyaset", "abori", "Aborî",
				"tenduristi", "Tenduristî", "cand", "Çand", "werzis", "Werziş", "cihan", "Cîhan")
		}
		eds[e.Lang] = ed
	}
	return eds
}

// addCats adds categories given as path, name pairs, numbering their terms
// from first.
func (ed *edition) addCats(first int, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		path := pairs[i]
		slug := path
		if j := lastSlash(path); j >= 0 {
			slug = path[j+1:]
		}
		c := &category{path: path, slug: slug, name: pairs[i+1], term: first + i/2}
		ed.cats = append(ed.cats, c)
		ed.byPath[path] = c
	}
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

// root returns the edition's path prefix without its trailing slash: "" for
// Arabic, "/en" for English.
func (ed *edition) root() string { return ed.Path[:len(ed.Path)-1] }

// slashless reports whether the edition's article permalinks lack the
// trailing slash (French).
func (ed *edition) slashless() bool { return ed.Lang == "fr" }

func enLabels() labels {
	return labels{
		published: "Published:", updated: "Updated:", latest: "Latest News", urgent: "Urgent:",
		reading: "Reading:", tagged: "TAGGED:", share: "Share This Article", editors: "Editors Choice",
		related: "Related", cookie: "By using this site, you agree to the %s and %s.",
		privacy: "Privacy Policy", terms: "Terms of Use", accept: "Accept",
		notFound: "Oops! It looks like nothing was found", next: "Next", search: "Search",
		follow: "Follow US", languages: "Languages", welcome: "Welcome Back!",
		signIn: "Sign in to your account", user: "Username or Email Address", password: "Password",
		lost: "Lost your password?", rights: "© Syrian Arab News Agency. All rights reserved.",
		about:      "Syria's national news agency, publishing news from Damascus and the provinces in six languages.",
		tagArchive: "Tag:", noPosts: "Nothing here yet.",
	}
}

func arLabels() labels {
	return labels{
		published: "تاريخ النشر:", updated: "آخر تحديث:", latest: "آخر الأخبار", urgent: "عاجل:",
		reading: "تقرأ الآن:", tagged: "الوسوم:", share: "شارك المقال", editors: "اختيارات المحرر",
		related: "اقرأ أيضاً", cookie: "باستخدامك هذا الموقع، فإنك توافق على %s و%s.",
		privacy: "سياسة الخصوصية", terms: "شروط الاستخدام", accept: "موافق",
		notFound: "عذراً، الصفحة غير موجودة", next: "التالي", search: "بحث", follow: "تابعنا",
		languages: "اللغات", welcome: "مرحباً بعودتك!", signIn: "سجّل الدخول إلى حسابك",
		user: "اسم المستخدم أو البريد الإلكتروني", password: "كلمة المرور", lost: "نسيت كلمة المرور؟",
		rights:     "© الوكالة العربية السورية للأنباء. جميع الحقوق محفوظة.",
		about:      "الوكالة الوطنية للأنباء في سوريا، تنشر أخبار دمشق والمحافظات بست لغات.",
		tagArchive: "الوسم:", noPosts: "لا توجد مقالات بعد.",
	}
}

func frLabels() labels {
	return labels{
		published: "Publié:", updated: "Mis à jour:", latest: "Dernières nouvelles", urgent: "Urgent :",
		reading: "Lecture :", tagged: "TAGGED:", share: "Partager cet article", editors: "Choix de la rédaction",
		related: "À lire aussi", cookie: "En utilisant ce site, vous acceptez la %s et les %s.",
		privacy: "Politique de confidentialité", terms: "Conditions d'utilisation", accept: "Accepter",
		notFound: "Oups ! Rien n'a été trouvé", next: "Suivant", search: "Rechercher", follow: "Suivez-nous",
		languages: "Langues", welcome: "Bon retour !", signIn: "Connectez-vous à votre compte",
		user: "Identifiant ou adresse e-mail", password: "Mot de passe", lost: "Mot de passe oublié ?",
		rights:     "© Agence arabe syrienne d'information. Tous droits réservés.",
		about:      "L'agence de presse nationale syrienne, qui publie en six langues les nouvelles de Damas et des provinces.",
		tagArchive: "Étiquette :", noPosts: "Aucun article pour l'instant.",
	}
}

func esLabels() labels {
	return labels{
		published: "Publicado:", updated: "Actualizado:", latest: "Últimas noticias", urgent: "Urgente:",
		reading: "Leyendo:", tagged: "TAGGED:", share: "Comparte este artículo", editors: "Selección del editor",
		related: "Relacionado", cookie: "Al utilizar este sitio, acepta la %s y los %s.",
		privacy: "Política de privacidad", terms: "Términos de uso", accept: "Aceptar",
		notFound: "¡Vaya! No se ha encontrado nada", next: "Siguiente", search: "Buscar", follow: "Síguenos",
		languages: "Idiomas", welcome: "¡Bienvenido de nuevo!", signIn: "Inicia sesión en tu cuenta",
		user: "Nombre de usuario o correo electrónico", password: "Contraseña", lost: "¿Olvidaste tu contraseña?",
		rights:     "© Agencia Árabe Siria de Noticias. Todos los derechos reservados.",
		about:      "La agencia nacional de noticias de Siria, que publica en seis idiomas noticias de Damasco y las provincias.",
		tagArchive: "Etiqueta:", noPosts: "Todavía no hay artículos.",
	}
}

func trLabels() labels {
	return labels{
		published: "Yayınlanma:", updated: "Güncelleme:", latest: "Son Haberler", urgent: "Son dakika:",
		reading: "Okunan:", tagged: "TAGGED:", share: "Bu Haberi Paylaş", editors: "Editörün Seçimi",
		related: "İlgili", cookie: "Bu siteyi kullanarak %s ve %s kabul etmiş olursunuz.",
		privacy: "Gizlilik Politikası'nı", terms: "Kullanım Koşulları'nı", accept: "Kabul et",
		notFound: "Hay aksi! Hiçbir şey bulunamadı", next: "Sonraki", search: "Ara", follow: "Bizi takip edin",
		languages: "Diller", welcome: "Tekrar hoş geldiniz!", signIn: "Hesabınıza giriş yapın",
		user: "Kullanıcı adı veya e-posta adresi", password: "Şifre", lost: "Şifrenizi mi unuttunuz?",
		rights:     "© Suriye Arap Haber Ajansı. Tüm hakları saklıdır.",
		about:      "Suriye'nin ulusal haber ajansı; Şam'dan ve illerden haberleri altı dilde yayımlar.",
		tagArchive: "Etiket:", noPosts: "Henüz haber yok.",
	}
}

func kuLabels() labels {
	return labels{
		published: "Weşandin:", updated: "Nûkirin:", latest: "Nûçeyên Dawî", urgent: "Lezgîn:",
		reading: "Tê xwendin:", tagged: "TAGGED:", share: "Vê gotarê parve bike", editors: "Bijartina edîtor",
		related: "Têkildar", cookie: "Bi bikaranîna vê malperê, tu %s û %s dipejirînî.",
		privacy: "Siyaseta nepeniyê", terms: "Mercên bikaranînê", accept: "Qebûl bike",
		notFound: "Tiştek nehat dîtin", next: "Pêş", search: "Lêgerîn", follow: "Me bişopîne",
		languages: "Ziman", welcome: "Dîsa bi xêr hatî!", signIn: "Têkeve hesabê xwe",
		user: "Navê bikarhêner an e-name", password: "Şîfre", lost: "Şîfreya xwe ji bîr kir?",
		rights:     "© Ajansa Nûçeyan a Erebî ya Sûrî. Hemû maf parastî ne.",
		about:      "Ajansa nûçeyan a neteweyî ya Sûriyê, ku nûçeyên Şam û parêzgehan bi şeş zimanan diweşîne.",
		tagArchive: "Etîket:", noPosts: "Hêj tu nûçe tune.",
	}
}
