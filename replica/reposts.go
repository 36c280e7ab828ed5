package replica

import (
	"fmt"
	"slices"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Options.Reposts plants what SANA does besides publishing stories once:
// it re-runs an article's text under a new post id, and it posts a new
// version of a story as a new post whose title starts "Updated-" (or its
// equivalent in the edition's language), a paragraph changed and one
// added. It also plants their hard negatives: same-day siblings, other
// stories of the same edition, city and topic, written with the same
// words. Entry.RepostOf and Entry.SiblingOf say which is which.

// updatedPrefix is the title prefix the replica's desks give an updated
// version of a story, by edition. SANA's English desk writes
// "Updated-Al-Jaafari: …"; the others are their languages' usual words.
var updatedPrefix = map[string]string{
	"ar": "محدث- ",
	"en": "Updated-",
	"tr": "Güncellendi: ",
	"fr": "Mis à jour : ",
	"es": "Actualizado: ",
	"ku": "Nûkirî: ",
}

// A repostPlant is a repost of a hand-written article.
type repostPlant struct {
	lang string
	id   int64 // the repost's post id; 0 = the edition's next id
	of   int64 // post id of the original
	// at is when the repost is published: after the original for the
	// plants made at creation, after Start for those the first Advance
	// publishes.
	at     time.Duration
	title  string         // "" = the original's title, and the text unchanged (an exact re-run)
	change map[int]string // paragraph index (0 = the one the dateline opens) → new text
	add    []string       // paragraphs added after the last one, before the initials
}

// A siblingPlant is a different story written to resemble an article of
// the same edition, city, topic and day.
type siblingPlant struct {
	of int64
	v  version
}

// plantReposts adds the reposts and siblings the replica has at creation:
// the hand-written ones and the generated ones. Call before reindex.
func (s *Site) plantReposts() {
	for _, p := range siblingPlants() {
		pub, err := time.ParseInLocation("2006-01-02 15:04", p.v.at, syria)
		if err != nil {
			panic("replica: bad time in sibling plant: " + p.v.at)
		}
		s.checkFreeID(p.v.lang, p.v.id)
		a := s.addVersion(fmt.Sprintf("sibling-%s-%d", p.v.lang, p.v.id), p.v, pub.Add(s.start.Sub(refTime())))
		a.siblingOf = p.of
	}
	for _, p := range repostPlants() {
		orig := s.eds[p.lang].byID[p.of]
		s.plantRepost(p, orig.pub.Add(p.at))
	}
	s.plantGenerated(24)
}

// plantRepostsLater adds the reposts the first Advance publishes: new
// versions of stories a poller stored before.
func (s *Site) plantRepostsLater() {
	for _, p := range laterRepostPlants() {
		s.plantRepost(p, s.start.Add(p.at))
	}
}

// checkFreeID panics when id is taken in the edition lang.
func (s *Site) checkFreeID(lang string, id int64) {
	if _, taken := s.eds[lang].byID[id]; taken {
		panic(fmt.Sprintf("replica: planted post id %s/%d is taken", lang, id))
	}
}

// plantRepost adds the repost p, published at pub.
func (s *Site) plantRepost(p repostPlant, pub time.Time) {
	es := s.eds[p.lang]
	orig := es.byID[p.of]
	if orig == nil {
		panic(fmt.Sprintf("replica: repost of a missing post %s/%d", p.lang, p.of))
	}
	id := p.id
	if id == 0 {
		id = es.maxID() + 7
	}
	s.checkFreeID(p.lang, id)
	r := *orig
	r.id, r.pub, r.mod, r.slug, r.quirk = id, pub, pub, "", 0
	r.story = orig.story + "~repost"
	r.repostOf, r.siblingOf = orig.id, 0
	if p.title != "" {
		r.title = p.title
		paras := slices.Clone(orig.paragraphs())
		for i, text := range p.change {
			if i == 0 {
				text = orig.dateline + " " + text
			}
			paras[i] = text
		}
		by := paras[len(paras)-1]
		r.body = append(append(paras[:len(paras)-1], p.add...), by)
		r.gen = nil
	}
	es.put(&r)
}

// repostPlants returns the reposts of hand-written articles planted at
// creation: three exact re-runs (Arabic, English, Spanish) and an updated
// version in each edition but English, whose is published later.
func repostPlants() []repostPlant {
	return []repostPlant{
		{lang: "ar", id: 2519331, of: 2519263, at: 3*time.Hour + 20*time.Minute},
		{lang: "en", id: 2289640, of: 2289590, at: 6*time.Hour + 25*time.Minute},
		{lang: "es", id: 17463, of: 17436, at: 9 * time.Hour},
		{lang: "ar", id: 2519065, of: 2519032, at: 2*time.Hour + 20*time.Minute,
			title:  "محدث- إعادة تأهيل ٢٤ مدرسة في دير الزور وعودة أكثر من ١١ ألف طالب إلى صفوفهم",
			change: map[int]string{0: "أنهت مديرية التربية في دير الزور إعادة تأهيل ٢٤ مدرسة في المدينة وريفها، ما أتاح عودة أكثر من ١١ ألف طالب وطالبة إلى مقاعد الدراسة مع بداية الفصل الدراسي الثاني، وفق إحصائية محدثة للمديرية."},
			add:    []string{"وأكد محافظ دير الزور خلال جولة على عدد من المدارس المؤهلة أن المحافظة ستتابع تأمين الكتب المدرسية ووسائل التدفئة لجميع الطلاب قبل نهاية الشهر الجاري."}},
		{lang: "en", id: 2289851, of: 2289822, at: time.Hour + 5*time.Minute,
			title:  "Updated-Al-Shaibani, ICRC delegation discuss missing persons file and water stations",
			change: map[int]string{2: "Al-Shaibani affirmed Syria's keenness to facilitate the work of humanitarian organizations, and the two sides agreed to form a joint technical committee that will meet monthly in Damascus."},
			add:    []string{"The ICRC delegation later met the Minister of Local Administration to discuss the rehabilitation of water networks in Daraa province."}},
		{lang: "fr", id: 31255, of: 31240, at: 3 * time.Hour,
			title:  "Mis à jour : Deir ez-Zor : 24 écoles réhabilitées accueillent à nouveau 9 000 élèves",
			change: map[int]string{2: "Une deuxième phase, qui débutera en avril avec le soutien d'organisations internationales, concernera 31 autres établissements, et 400 nouveaux enseignants seront recrutés."},
			add:    []string{"Le gouverneur de Deir ez-Zor a visité plusieurs écoles rénovées et promis la livraison de manuels et de chauffages avant la fin du mois."}},
		{lang: "tr", id: 31199, of: 31190, at: time.Hour + 40*time.Minute,
			title:  "Güncellendi: Rakka'da çiftçilere 4 bin ton tohum dağıtılıyor",
			change: map[int]string{1: "Dağıtım 14 merkezde yapılıyor ve ilk iki günde 3 bin çiftçi tohumlarını teslim aldı."},
			add:    []string{"Tarım Müdürü, Fırat kanallarından sulama suyunun nisan ve haziran ayları arasında düzenli olarak sağlanacağını söyledi."}},
		{lang: "ku", id: 14128, of: 14121, at: 2*time.Hour + 30*time.Minute,
			title:  "Nûkirî: Festîvala Çandî ya Lazkiyeyê bi beşdariya 40 koman dest pê kir",
			change: map[int]string{2: "Festîval dê 10 rojan bidome û şevên helbestê jî dê li Keleha Lazkiyeyê bên lidarxistin."},
			add:    []string{"Parêzgarê Lazkiyeyê got ku zêdetirî 20 hezar kesan di roja yekem de serdana festîvalê kirin."}},
		{lang: "es", id: 17528, of: 17512, at: time.Hour + 15*time.Minute,
			title:  "Actualizado: Treinta países participarán en la 62ª Feria Internacional de Damasco",
			change: map[int]string{1: "Su director precisó que ya se ha reservado el 80 por ciento de los 95.000 metros cuadrados disponibles y que las inscripciones seguirán abiertas hasta junio."},
			add:    []string{"Entre los países participantes figuran por primera vez Brasil e Indonesia, añadió."}},
	}
}

// laterRepostPlants returns the reposts the first Advance publishes, at
// offsets from Start: an Arabic and an English updated version and a
// French exact re-run of stories published before Start.
func laterRepostPlants() []repostPlant {
	return []repostPlant{
		{lang: "ar", of: 2519377, at: 40 * time.Minute,
			title:  "محدث- استئناف الرحلات التجارية في مطار حلب الدولي بعد إعادة تأهيل المدرج",
			change: map[int]string{2: "وبيّن أن جدول الرحلات يتضمن في المرحلة الأولى ٤ رحلات أسبوعياً إلى دبي ورحلتين إلى عمّان ورحلة إلى الدوحة، على أن ترتفع إلى ١٤ رحلة أسبوعياً مع بداية شهر آذار القادم."},
			add:    []string{"ووصلت بعد الظهر طائرة ثانية قادمة من عمّان على متنها ١٢٠ راكباً، وفق ما أعلنته إدارة المطار."}},
		{lang: "fr", of: 31349, at: time.Hour + 50*time.Minute},
		{lang: "en", of: 2289760, at: 2*time.Hour + 20*time.Minute,
			title:  "UPDATED: Area sown with wheat exceeds 1.2 million hectares, Agriculture Ministry says",
			change: map[int]string{1: "Rainfall in January and February was better than expected in Hasakah, Raqqa and Aleppo provinces, the deputy minister said, raising the production forecast to 2.1 million tons."},
			add:    []string{"The government will announce the purchase price of wheat before the harvest begins, the ministry said."}},
	}
}

// siblingPlants returns hand-written siblings: other stories of the same
// edition, city, topic and day as an article, in the same words.
func siblingPlants() []siblingPlant {
	return []siblingPlant{
		{of: 2289645, v: version{lang: "en", id: 2289597, cat: "syria", at: "2026-02-08 11:10", city: "Damascus",
			tags:  []string{"Damascus", "Roads"},
			title: "Damascus Governorate completes rehabilitation of Mezzeh highway",
			body: []string{
				"Damascus Governorate has completed the rehabilitation of the Mezzeh highway, one of the capital's main roads, resurfacing 6 kilometers of road and renewing its lighting and traffic signals.",
				"The governorate's director of roads said the works cost 4 billion Syrian pounds and were carried out by local companies over three months.",
				"The works were done at night to limit traffic congestion in the capital, he added.",
			}, by: "M.N"}},
		{of: 2289597, v: version{lang: "en", id: 2289645, cat: "syria", at: "2026-02-08 16:40", city: "Damascus",
			tags:  []string{"Damascus", "Roads"},
			title: "Damascus Governorate begins rehabilitating roads in Kafr Sousa",
			body: []string{
				"Damascus Governorate has begun the rehabilitation of roads in the Kafr Sousa neighborhood, where 9 kilometers of road will be resurfaced and sidewalks renewed.",
				"The governorate's director of roads said the works will cost 2.5 billion Syrian pounds and should be completed within four months by local companies.",
				"Traffic will be diverted to side streets during the works, he added.",
			}, by: "H.Sh"}},
		{of: 2518810, v: version{lang: "ar", id: 2518840, cat: "local/services", at: "2026-02-07 17:20", city: "حماة",
			tags:  []string{"حماة", "الطرق"},
			title: "محافظة حماة تفتتح جسراً جديداً على طريق حماة - السلمية",
			body: []string{
				"افتتحت محافظة حماة اليوم جسراً جديداً على طريق حماة - السلمية بطول ٤٥٠ متراً، بعد أعمال استمرت ثمانية أشهر.",
				"وأوضح مدير الخدمات الفنية في المحافظة أن كلفة الجسر بلغت ١٢ مليار ليرة سورية، وأنه سيخفف الازدحام عند مدخل المدينة الشرقي.",
				"وأشار إلى أن المحافظة تعمل على تأهيل الطرق المؤدية إلى الجسر خلال الأسابيع القادمة.",
			}, by: "ه.ع"}},
		{of: 2519147, v: version{lang: "ar", id: 2519195, cat: "economy/agricultural", at: "2026-02-08 20:10", city: "الرقة",
			tags:  []string{"الرقة", "الزراعة"},
			title: "توزيع ٢٥٠٠ طن من الأسمدة على مزارعي الرقة",
			body: []string{
				"بدأت مديرية الزراعة في الرقة توزيع ٢٥٠٠ طن من الأسمدة الآزوتية على المزارعين، استعداداً لموسم القمح.",
				"وأوضح مدير الزراعة أن التوزيع يتم عبر ٩ مراكز في المدينة والريف، ويستفيد منه نحو ٦ آلاف مزارع، وفق الخطة الزراعية المعتمدة.",
				"ودعا المزارعين إلى مراجعة الجمعيات الفلاحية لاستلام مخصصاتهم قبل نهاية الشهر.",
			}, by: "ف.ع"}},
		{of: 2519301, v: version{lang: "ar", id: 2519355, cat: "economy", at: "2026-02-09 13:40", city: "دمشق",
			tags:  []string{"معرض دمشق الدولي", "دمشق"},
			title: "المؤسسة العامة للمعارض: ١٢٠٠ شركة سورية تسجل في معرض دمشق الدولي",
			body: []string{
				"أعلنت المؤسسة العامة للمعارض والأسواق الدولية أن ١٢٠٠ شركة سورية سجلت للمشاركة في الدورة الـ٦٢ لمعرض دمشق الدولي، في أكبر مشاركة محلية منذ سنوات.",
				"وأوضح مدير المؤسسة أن الشركات تتوزع على قطاعات الصناعات الغذائية والنسيجية والهندسية، وأن جناحاً خاصاً سيخصص للحرف اليدوية.",
				"وأشار إلى أن المؤسسة تعمل على تأهيل أرض المعارض على طريق المطار وتوسيع مواقف السيارات.",
			}, by: "م.س"}},
		{of: 31190, v: version{lang: "tr", id: 31207, cat: "ekonomi", at: "2026-02-08 21:00", city: "Rakka",
			tags:  []string{"Rakka", "Tarım"},
			title: "Rakka'da çiftçilere 2 bin 500 ton gübre dağıtılıyor",
			body: []string{
				"Rakka Tarım Müdürlüğü, buğday sezonu kapsamında çiftçilere 2 bin 500 ton azotlu gübre dağıtmaya başladı.",
				"Dağıtım 9 merkezde yapılıyor ve yaklaşık 6 bin çiftçi yararlanıyor.",
				"Çiftçilerin paylarını ay sonuna kadar teslim almaları istendi.",
			}, by: "S.D"}},
		{of: 31221, v: version{lang: "fr", id: 31246, cat: "syrie", at: "2026-02-08 15:40", city: "Damas",
			tags:  []string{"Eau", "Damas"},
			title: "Damas : travaux de rénovation du réseau d'eau potable à Mazzé",
			body: []string{
				"L'établissement des eaux de Damas a lancé des travaux de rénovation du réseau d'eau potable dans le quartier de Mazzé, où 18 kilomètres de conduites seront remplacés.",
				"Les coupures d'eau seront limitées à quelques heures par jour pendant les travaux, selon l'établissement.",
				"Le chantier doit s'achever d'ici la fin du mois de mars.",
			}, by: "T.J"}},
		{of: 17436, v: version{lang: "es", id: 17449, cat: "siria", at: "2026-02-08 17:30", city: "Damasco",
			tags:  []string{"Agua", "Damasco"},
			title: "Renuevan la red de agua potable del barrio de Mezze en Damasco",
			body: []string{
				"La empresa de aguas de Damasco ha comenzado a renovar la red de agua potable del barrio de Mezze, donde se sustituirán 18 kilómetros de tuberías.",
				"Los cortes de agua se limitarán a unas horas al día durante las obras, informó la empresa.",
				"Las obras deben concluir a finales de marzo.",
			}, by: "E.M"}},
		{of: 14127, v: version{lang: "ku", id: 14133, cat: "abori", at: "2026-02-08 22:10", city: "Reqqa",
			tags:  []string{"Reqqa", "Çandinî"},
			title: "Li Reqqayê 2 hezar û 500 ton gubre li ser cotkaran tên belavkirin",
			body: []string{
				"Rêveberiya Çandiniyê ya Reqqayê dest bi belavkirina 2 hezar û 500 ton gubreyê li ser cotkaran kir.",
				"Nêzîkî 6 hezar cotkar ji vê belavkirinê sûdê werdigirin.",
				"Ji cotkaran hat xwestin ku heta dawiya mehê paran xwe bistînin.",
			}, by: "R.M"}},
	}
}

// plantGenerated adds n pairs of generated same-day siblings, going round
// the editions, the same topic and city but other facts (numbers, month,
// sentence order), and reposts two pairs in three, every edition some:
// the first of the pair re-run exactly, or an updated version with its
// second paragraph rewritten with new numbers and a paragraph added. They
// are published from two and a half to five and a half days before Start, with post ids below the
// edition's hand-written ones, rising with time.
func (s *Site) plantGenerated(n int) {
	pending := map[string][]*article{}
	for k := range n {
		lang := sanafeed.Editions[k%len(sanafeed.Editions)].Lang
		r := rng{uint64(k+1)*0x9E3779B97F4A7C15 ^ 0x5EB1}
		fa, fb := newFacts(r.next(), 80000+2*k), newFacts(r.next(), 80001+2*k)
		fb.topic, fb.city = fa.topic, fa.city
		pubA := s.start.Add(-60*time.Hour - time.Duration(k)*3*time.Hour)
		pubB := pubA.Add(time.Duration(1+r.intn(6)) * time.Hour)
		a := s.genArticle(fa, lang, fmt.Sprintf("plant-%02d-a", k), pubA)
		b := s.genArticle(fb, lang, fmt.Sprintf("plant-%02d-b", k), pubB)
		b.siblingOf = -1 // resolved to a's id once numbered
		pending[lang] = append(pending[lang], a, b)
		switch (k + k/len(sanafeed.Editions)) % 3 {
		case 0: // exact re-run
			c := *a
			c.pub = pubA.Add(time.Duration(2+r.intn(30)) * time.Hour)
			c.mod, c.story, c.repostOf = c.pub, a.story+"~repost", -1
			pending[lang] = append(pending[lang], &c)
		case 1: // updated version
			c := *a
			c.pub = pubA.Add(time.Duration(1+r.intn(40)) * time.Hour)
			c.mod, c.story, c.repostOf = c.pub, a.story+"~repost", -1
			c.title = updatedPrefix[lang] + a.title
			c.updateFrom = a
			pending[lang] = append(pending[lang], &c)
		}
	}
	for _, e := range sanafeed.Editions {
		s.numberPlants(s.eds[e.Lang], pending[e.Lang])
	}
}

// numberPlants gives generated plants post ids below the edition's
// lowest recent one, rising with time; sets their datelines, the
// originals of their reposts and the neighbours of their siblings; and
// adds them.
func (s *Site) numberPlants(es *edState, arts []*article) {
	if len(arts) == 0 {
		return
	}
	recent := s.start.Add(-30 * 24 * time.Hour)
	var low int64
	for _, a := range es.arts {
		if a.pub.After(recent) && (low == 0 || a.id < low) {
			low = a.id
		}
	}
	sorted := slices.Clone(arts)
	slices.SortStableFunc(sorted, func(x, y *article) int { return x.pub.Compare(y.pub) })
	id := low - int64(4*len(sorted)) - 40
	for _, a := range sorted {
		id += int64(2 + len(a.title)%3)
		a.id = id
		if a.repostOf == 0 {
			a.dateline = dateline(a.lang, a.gen.lt.cities[a.gen.facts.city], a.pub, a.id)
		}
	}
	for i, a := range arts { // in plantGenerated's order: a, b, repost of a
		switch {
		case a.siblingOf < 0:
			a.siblingOf = arts[i-1].id
		case a.repostOf < 0:
			orig := arts[i-2]
			a.repostOf, a.dateline = orig.id, orig.dateline
			if a.updateFrom != nil {
				a.body = updatedBody(orig)
				a.gen, a.updateFrom = nil, nil
			}
		}
		s.checkFreeID(a.lang, a.id)
		es.put(a)
	}
}

// updatedBody returns the paragraphs of an updated version of the
// generated article orig: its second paragraph rewritten with other
// numbers, and a paragraph added before the initials.
func updatedBody(orig *article) []string {
	paras := slices.Clone(orig.paragraphs())
	g := orig.gen
	f := *g.facts
	f.k, f.k2 = f.k+17, f.k2+3
	lt := g.lt
	paras[1] = fill(lt, &f, lt.sentences[2]) + " " + fill(lt, &f, lt.sentences[3])
	added := fill(lt, &f, lt.sentences[10]) + " " + fill(lt, &f, lt.sentences[6])
	by := paras[len(paras)-1]
	return append(append(paras[:len(paras)-1], added), by)
}
