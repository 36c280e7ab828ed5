package link

import (
	"strings"
	"unicode"
)

// The gazetteer names places, peoples and bodies whose names do not
// transliterate from one edition to another (دمشق, Damascus, Damas, Şam).
// It is general knowledge of Syria and the world SANA reports on, not
// drawn from any evaluation set. Each line is
//
//	id|ar|en|fr|es|tr|ku
//
// with comma-separated spellings; demonyms share their country's id.
// Forms are matched after normalisation (accents folded, Arabic unified).
var gazetteerLines = []string{
	// Syria and its cities, governorates and regions.
	"syria|سوريا,سورية,سوري,سوريين,سوريون,سوريه|Syria,Syrian,Syrians|Syrie,syrien,syrienne,syriens,syriennes|Siria,sirio,siria,sirios,sirias|Suriye,Suriyeli,Suriyeliler|Sûriye,Sûrî,Sûriyê,Suriye",
	"damascus|دمشق,الشام|Damascus|Damas|Damasco|Şam|Şam,Dimeşq",
	"aleppo|حلب|Aleppo|Alep|Alepo|Halep|Helep,Heleb",
	"homs|حمص|Homs|Homs|Homs|Humus|Hims,Humus",
	"hama|حماه,حماة|Hama|Hama|Hama|Hama|Hema,Hama",
	"latakia|اللاذقيه,لاذقيه|Latakia,Lattakia|Lattaquié,Lattaquie|Latakia|Lazkiye|Lazkiye,Lazqiye",
	"tartus|طرطوس|Tartus,Tartous|Tartous|Tartus|Tartus|Tartûs,Tartus",
	"idlib|ادلب|Idlib|Idleb,Idlib|Idlib|İdlib|Îdlib,Idlib",
	"deirezzor|دير الزور|Deir ez-Zor,Deir Ezzor,Deir al-Zour,Deir el-Zour|Deir ez-Zor,Deir Ezzor|Deir ez-Zor|Deyrizor,Deir ez-Zor|Dêrazor,Dêra Zor,Deir ez-Zor",
	"raqqa|الرقه,رقه|Raqqa|Raqqa|Raqqa|Rakka|Reqa,Raqqa",
	"hasakah|الحسكه,حسكه|Hasakah,Hasaka,Hassakeh|Hassaké,Hassakeh,Hasakah|Hasaka,Hasakah|Haseke|Hesekê,Hesîçe",
	"qamishli|القامشلي,قامشلي|Qamishli|Qamichli|Qamishli|Kamışlı|Qamişlo",
	"daraa|درعا|Daraa,Deraa|Deraa,Daraa|Daraa|Dera|Dera,Daraa",
	"sweida|السويداء,سويداء|Sweida,Suwayda,Sweida|Soueida,Souweida|Sweida|Süveyda|Siweyda,Suwêda",
	"quneitra|القنيطره,قنيطره|Quneitra|Kuneitra,Quneitra|Quneitra|Kuneytra|Quneytire",
	"palmyra|تدمر|Palmyra|Palmyre|Palmira|Palmira|Tedmur,Palmîra",
	"jableh|جبله|Jableh,Jabla|Jablé,Jableh|Jableh|Cebele|Cebele",
	"baniyas|بانياس|Baniyas,Banias|Banias|Baniyas|Baniyas|Banyas",
	"manbij|منبج|Manbij|Manbij|Manbij|Menbiç|Minbic",
	"afrin|عفرين|Afrin|Afrin|Afrin|Afrin|Efrîn",
	"kobani|عين العرب,كوباني|Kobani,Ain al-Arab|Kobané,Kobani|Kobani|Kobani|Kobanî",
	"golan|الجولان,جولان|Golan|Golan|Golán,Golan|Golan|Golan",
	"ghouta|الغوطه,غوطه|Ghouta|Ghouta|Guta,Ghouta|Doğu Guta,Guta|Xûta,Guta",
	"countryside|ريف|countryside|campagne|campo,periferia|kırsal|gundewarên",
	"euphrates|الفرات,فرات|Euphrates|Euphrate|Éufrates,Eufrates|Fırat|Firat",
	"mediterranean|المتوسط,متوسط|Mediterranean|Méditerranée|Mediterráneo|Akdeniz|Deryaya Navîn,Spî",
	// Neighbours and the region.
	"lebanon|لبنان,لبناني|Lebanon,Lebanese|Liban,libanais,libanaise|Líbano,libanés,libanesa|Lübnan,Lübnanlı|Libnan,Lubnan",
	"beirut|بيروت|Beirut|Beyrouth|Beirut|Beyrut|Beyrût",
	"jordan|الاردن,اردن,اردني|Jordan,Jordanian|Jordanie,jordanien|Jordania,jordano|Ürdün|Urdun,Ûrdun",
	"amman|عمان|Amman|Amman|Ammán|Amman|Eman,Amman",
	"iraq|العراق,عراق,عراقي|Iraq,Iraqi|Irak,irakien,irakienne|Irak,iraquí|Irak,Iraklı|Iraq,Îraq,Iraqê",
	"baghdad|بغداد|Baghdad|Bagdad|Bagdad|Bağdat|Bexda",
	"turkey|تركيا,تركي,التركيه|Turkey,Türkiye,Turkish|Turquie,turc,turque|Turquía,turco,turca|Türkiye,Türk|Tirkiye,Tirk",
	"ankara|انقره|Ankara|Ankara|Ankara|Ankara|Enqere,Ankara",
	"istanbul|اسطنبول|Istanbul|Istanbul|Estambul|İstanbul|Stenbol,Istanbul",
	"iran|ايران,ايراني|Iran,Iranian|Iran,iranien,iranienne|Irán,iraní|İran,İranlı|Îran",
	"tehran|طهران|Tehran|Téhéran|Teherán|Tahran|Tehran",
	"israel|اسرائيل,الاحتلال|Israel,Israeli|Israël,israélien,israélienne|Israel,israelí|İsrail,İsrailli|Îsraîl,Israîl",
	"palestine|فلسطين,فلسطيني|Palestine,Palestinian|Palestine,palestinien,palestinienne|Palestina,palestino|Filistin,Filistinli|Filistîn",
	"gaza|غزه|Gaza|Gaza|Gaza|Gazze|Xeze,Gaza",
	"jerusalem|القدس|Jerusalem|Jérusalem|Jerusalén|Kudüs|Qudis,Orşelîm",
	"westbank|الضفه الغربيه|West Bank|Cisjordanie|Cisjordania|Batı Şeria|Şeriya Rojava",
	"egypt|مصر,مصري|Egypt,Egyptian|Égypte,égyptien|Egipto,egipcio|Mısır|Misir",
	"cairo|القاهره|Cairo|Le Caire,Caire|El Cairo|Kahire|Qahîre",
	"saudi|السعوديه,سعودي,السعودي|Saudi,Saudi Arabia|Arabie saoudite,saoudien,saoudienne|Arabia Saudí,saudí|Suudi Arabistan,Suudi|Erebistana Siûdî,Siûdî",
	"riyadh|الرياض|Riyadh|Riyad|Riad|Riyad|Riyad",
	"qatar|قطر|Qatar|Qatar|Catar|Katar|Qeter",
	"doha|الدوحه,دوحه|Doha|Doha|Doha|Doha|Doha",
	"uae|الامارات|UAE,Emirates|Émirats|Emiratos|BAE,Emirlikleri|Mîrnişînên",
	"kuwait|الكويت,كويت|Kuwait|Koweït|Kuwait|Kuveyt|Kuweyt",
	"bahrain|البحرين,بحرين|Bahrain|Bahreïn|Baréin|Bahreyn|Behreyn",
	"oman|سلطنه عمان|Oman|Oman|Omán|Umman|Oman",
	"yemen|اليمن,يمن|Yemen|Yémen|Yemen|Yemen|Yemen",
	"libya|ليبيا|Libya|Libye|Libia|Libya|Lîbya",
	"tunisia|تونس|Tunisia|Tunisie|Túnez|Tunus|Tûnis",
	"algeria|الجزائر|Algeria|Algérie|Argelia|Cezayir|Cezayîr",
	"morocco|المغرب|Morocco|Maroc|Marruecos|Fas|Fas,Maroko",
	"sudan|السودان,سودان|Sudan|Soudan|Sudán|Sudan|Sûdan",
	// Powers and the wider world.
	"russia|روسيا,الروسي,روسي|Russia,Russian|Russie,russe|Rusia,ruso,rusa|Rusya,Rus|Rûsya,Rûs",
	"moscow|موسكو|Moscow|Moscou|Moscú|Moskova|Moskow",
	"usa|الولايات المتحده,امريكا,الامريكي,امريكي,واشنطن|United States,US,U.S,USA,America,American,Washington|États-Unis,Etats-Unis,américain,américaine,Washington|Estados Unidos,EEUU,EE.UU,estadounidense,Washington|ABD,Amerika,Amerikan,Washington|DYA,Amerîka,Emerîka,Washington",
	"uk|بريطانيا,البريطاني,بريطاني,المملكه المتحده|Britain,British,United Kingdom,UK|Royaume-Uni,britannique,Grande-Bretagne|Reino Unido,británico,británica,Gran Bretaña|İngiltere,İngiliz,Birleşik Krallık,Britanya|Brîtanya,Îngilîstan",
	"london|لندن|London|Londres|Londres|Londra|London,Londra",
	"france|فرنسا,فرنسي|France,French|France,français,française|Francia,francés,francesa|Fransa,Fransız|Fransa",
	"paris|باريس|Paris|Paris|París|Paris|Parîs",
	"germany|المانيا,الماني|Germany,German|Allemagne,allemand,allemande|Alemania,alemán,alemana|Almanya,Alman|Almanya",
	"berlin|برلين|Berlin|Berlin|Berlín|Berlin|Berlîn",
	"spain|اسبانيا|Spain,Spanish|Espagne,espagnol|España,español|İspanya|Spanya",
	"italy|ايطاليا|Italy,Italian|Italie,italien|Italia,italiano|İtalya|Îtalya",
	"china|الصين,صين,صيني|China,Chinese|Chine,chinois,chinoise|China,chino,china|Çin|Çîn",
	"beijing|بكين|Beijing|Pékin|Pekín|Pekin|Pekîn",
	"japan|اليابان|Japan,Japanese|Japon,japonais|Japón,japonés|Japonya|Japonya",
	"india|الهند|India,Indian|Inde,indien|India,indio|Hindistan|Hindistan",
	"pakistan|باكستان|Pakistan|Pakistan|Pakistán|Pakistan|Pakistan",
	"afghanistan|افغانستان|Afghanistan|Afghanistan|Afganistán|Afganistan|Efxanistan",
	"ukraine|اوكرانيا|Ukraine,Ukrainian|Ukraine|Ucrania|Ukrayna|Ûkrayna",
	"europe|اوروبا,اوروبي,الاوروبي|Europe,European|Europe,européen,européenne|Europa,europeo,europea|Avrupa|Ewropa,Ewrûpa",
	"eu|الاتحاد الاوروبي|European Union,EU|Union européenne,UE|Unión Europea,UE|Avrupa Birliği,AB|Yekîtiya Ewropayê,Yekîtiya Ewrûpayê",
	"un|الامم المتحده,الاممي|United Nations,UN|Nations unies,ONU|Naciones Unidas,ONU|Birleşmiş Milletler,BM|Neteweyên Yekbûyî,NY",
	"securitycouncil|مجلس الامن|Security Council|Conseil de sécurité|Consejo de Seguridad|Güvenlik Konseyi|Encumena Ewlekariyê",
	"nato|الناتو,حلف شمال الاطلسي|NATO|OTAN|OTAN|NATO|NATO",
	"arableague|الجامعه العربيه|Arab League|Ligue arabe|Liga Árabe|Arap Birliği|Yekîtiya Erebî",
	"arab|العربي,العربيه,عربي,العرب|Arab,Arabic|arabe,arabes|árabe,árabes|Arap|Ereb,Erebî",
	"gulf|الخليج|Gulf|Golfe|Golfo|Körfez|Kendav",
	"africa|افريقيا|Africa,African|Afrique|África|Afrika|Afrîka",
	"asia|اسيا|Asia,Asian|Asie|Asia|Asya|Asya",
	"greece|اليونان|Greece,Greek|Grèce|Grecia|Yunanistan|Yewnanistan",
	"cyprus|قبرص|Cyprus|Chypre|Chipre|Kıbrıs|Qibris",
	"azerbaijan|اذربيجان|Azerbaijan|Azerbaïdjan|Azerbaiyán|Azerbaycan|Azerbaycan",
	"armenia|ارمينيا|Armenia|Arménie|Armenia|Ermenistan|Ermenistan",
	"brazil|البرازيل|Brazil|Brésil|Brasil|Brezilya|Brezîlya",
	"mexico|المكسيك|Mexico,Mexican|Mexique|México|Meksika|Meksîka",
	"canada|كندا|Canada|Canada|Canadá|Kanada|Kanada",
	"korea|كوريا|Korea,Korean|Corée|Corea|Kore|Kore,Koreya",
	"vatican|الفاتيكان|Vatican|Vatican|Vaticano|Vatikan|Vatîkan",
	"geneva|جنيف|Geneva|Genève|Ginebra|Cenevre|Cenevre",
	"newyork|نيويورك|New York|New York|Nueva York|New York|New York",
	"brussels|بروكسل|Brussels|Bruxelles|Bruselas|Brüksel|Brûksel",
	"kurd|الكرد,الكردي,الاكراد,كردي|Kurd,Kurdish,Kurds|kurde,kurdes|kurdo,kurdos|Kürt,Kürtler|Kurd,Kurdî",
	"redcrescent|الهلال الاحمر|Red Crescent|Croissant-Rouge|Media Luna Roja|Kızılay|Heyva Sor",
	"redcross|الصليب الاحمر|Red Cross|Croix-Rouge|Cruz Roja|Kızılhaç|Xaça Sor",
	"who|منظمه الصحه العالميه|World Health Organization,WHO|Organisation mondiale de la santé,OMS|Organización Mundial de la Salud,OMS|Dünya Sağlık Örgütü,DSÖ|Rêxistina Tenduristiyê ya Cîhanî",
	"unicef|اليونيسيف|UNICEF|UNICEF|UNICEF|UNICEF|UNICEF",
}

// langOrder is the column order of gazetteerLines after the id.
var langOrder = []string{"ar", "en", "fr", "es", "tr", "ku"}

// A gazetteer maps a normalised phrase in an edition to an entity id.
type gazetteer struct {
	forms  map[string]map[string]string // lang → phrase → id
	acro   map[string]map[string]string // lang → acronym (US, BM) → id; matched in upper case only
	first  map[string]map[string]bool   // lang → first words of phrases of several words
	maxLen int                          // longest phrase, in words
}

// places is the gazetteer built from gazetteerLines; read-only.
var places = buildGazetteer(gazetteerLines)

// buildGazetteer parses lines of id|ar|en|fr|es|tr|ku. A Latin spelling of
// five letters or more is also accepted in the other Latin editions
// (English text in a French article: "Deir ez-Zor").
func buildGazetteer(lines []string) *gazetteer {
	g := &gazetteer{forms: map[string]map[string]string{}, acro: map[string]map[string]string{}, first: map[string]map[string]bool{}}
	for _, l := range langOrder {
		g.forms[l] = map[string]string{}
		g.acro[l] = map[string]string{}
		g.first[l] = map[string]bool{}
	}
	shared := map[string]string{}
	for _, line := range lines {
		cols := strings.Split(line, "|")
		id := cols[0]
		for i, col := range cols[1:] {
			lang := langOrder[i]
			for _, f := range strings.Split(col, ",") {
				p := phrase(f)
				if p == "" {
					continue
				}
				if isAcronym(f) {
					g.acro[lang][p] = id
					continue
				}
				g.forms[lang][p] = id
				if n := strings.Count(p, " ") + 1; n > g.maxLen {
					g.maxLen = n
				}
				if lang != "ar" && len([]rune(p)) >= 5 {
					shared[p] = id
				}
			}
		}
	}
	for _, l := range langOrder[1:] {
		for p, id := range shared {
			if _, ok := g.forms[l][p]; !ok {
				g.forms[l][p] = id
			}
		}
	}
	for l, m := range g.forms {
		for p := range m {
			if i := strings.IndexByte(p, ' '); i > 0 {
				g.first[l][p[:i]] = true
			}
		}
	}
	return g
}

// isAcronym reports whether s is written in capitals only (US, BM, NATO):
// such forms match only words written in capitals, so that "US" is not
// "us".
func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			letters++
		}
	}
	return letters >= 2
}

// phrase returns the normalised words of s joined by single spaces, the
// form tokens are looked up in. It shares no memory with the arena
// tokenize writes a word's normal form into: the gazetteer and the
// lexicon keep their phrases for good, and a one-word phrase kept as the
// arena's substring held its whole 4 KB buffer (6.7 MB of heap in all).
func phrase(s string) string {
	toks := tokenize(s)
	w := make([]string, len(toks))
	for i, t := range toks {
		w[i] = t.text
	}
	return strings.Clone(strings.Join(w, " "))
}

// lookup returns the id of a single word in lang: any of its forms, or
// in Turkish and Kurmanji its first form less a case ending.
func (g *gazetteer) lookup(lang string, t *token) string {
	m := g.forms[lang]
	if m == nil {
		m = g.forms["en"]
	}
	for _, f := range t.forms {
		if id, ok := m[f]; ok {
			return id
		}
	}
	var id string
	if lang == "tr" || lang == "ku" {
		eachCut(t.forms[0], 4, 3, func(w string) bool { id = m[w]; return id != "" })
	}
	return id
}

// entities returns the gazetteer ids named in toks (prepared), the longest
// phrase first.
func (g *gazetteer) entities(lang string, toks []token) []string {
	var ids []string
	first := g.first[lang]
	for i := 0; i < len(toks); {
		n := 0
		if starts(first, &toks[i]) {
			for l := min(g.maxLen, len(toks)-i); l >= 2 && n == 0; l-- {
				if id := g.phraseAt(lang, toks[i:i+l]); id != "" {
					ids = append(ids, id)
					n = l
				}
			}
		}
		if n == 0 {
			if id := g.word(lang, &toks[i]); id != "" {
				ids = append(ids, id)
			}
			n = 1
		}
		i += n
	}
	return ids
}

// starts reports whether a form of t is among first, the first words of
// phrases of several words.
func starts(first map[string]bool, t *token) bool {
	for _, f := range t.forms {
		if first[f] {
			return true
		}
	}
	return false
}

// word returns the id that the single word t names, if any; acronyms
// match only in capitals.
func (g *gazetteer) word(lang string, t *token) string {
	if t.upper && isAcronym(latinNameWord(t.orig)) {
		if id := g.acro[lang][t.forms[0]]; id != "" {
			return id
		}
	}
	return g.lookup(lang, t)
}

// phraseAt returns the id of the phrase that toks spell, if any; the first
// word may carry Arabic clitics.
func (g *gazetteer) phraseAt(lang string, toks []token) string {
	m := g.forms[lang]
	rest := joinTexts(toks[1:])
	for _, f := range toks[0].forms {
		if id, ok := m[f+" "+rest]; ok {
			return id
		}
	}
	return ""
}

func joinTexts(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}
