package replica

import (
	"fmt"
	"slices"
	"time"

	"github.com/sanafeed/sanafeed"
)

// Advance moves the site one step forward. The first call moves the clock
// three hours and, within those hours, publishes two new stories (Arabic,
// English and French; Arabic, Spanish and Kurdish) and a late French
// version of an older story (homs-derby); edits English post 2289735
// (new title and third paragraph, Modified set, same id and URL); and
// changes the feed GUID of French post 31288 from ?p=ID to the https
// permalink; with Options.Reposts, it also publishes three reposts of
// stories published before Start (reposts.go). Each later call moves the clock one hour and adds one
// generated article per edition (Arabic, English, French and Spanish
// versions of one story; Turkish and Kurdish ones of their own). The fresh
// feeds, listings and sitemaps follow; the stale English and Turkish feeds
// do not.
func (s *Site) Advance() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.step++
	if s.step == 1 {
		s.advanceFirst()
	} else {
		s.advanceLater()
	}
	for _, es := range s.eds {
		es.reindex()
	}
}

// The posts the first Advance changes.
const (
	editedPostEN = 2289735
	guidPostFR   = 31288
)

func (s *Site) advanceFirst() {
	s.now = later(s.now, s.start.Add(3*time.Hour)) // Publish may have moved it further
	type pending struct {
		story string
		v     version
		after time.Duration
	}
	var all []pending
	for _, st := range firstStepStories() {
		for _, v := range st.versions {
			d, err := time.ParseDuration(v.at)
			if err != nil {
				panic("replica: bad offset in story " + st.id + ": " + v.at)
			}
			all = append(all, pending{st.id, v, d})
		}
	}
	slices.SortStableFunc(all, func(a, b pending) int { return int(a.after - b.after) })
	for _, p := range all {
		s.addVersion(p.story, p.v, s.start.Add(p.after))
	}
	if s.opts.Reposts {
		s.plantRepostsLater()
	}

	en := s.eds["en"]
	edited := *en.byID[editedPostEN]
	edited.title = "Jandar power plant's fourth unit back in service, adding 150 megawatts"
	edited.body = slices.Clone(edited.body)
	edited.body[2] = "The new capacity is expected to add two hours of daily power supply in Homs and Hama provinces, the Ministry of Energy said in a later statement."
	edited.mod = s.start.Add(2 * time.Hour)
	en.put(&edited)

	fr := s.eds["fr"]
	moved := *fr.byID[guidPostFR]
	moved.guidHTTPS = true
	fr.put(&moved)
}

func (s *Site) advanceLater() {
	s.now = s.now.Add(time.Hour)
	r := rng{uint64(s.step) * 0x9E3779B97F4A7C15}
	shared := newFacts(r.next(), 90000+s.step)
	for i, e := range sanafeed.Editions {
		es := s.eds[e.Lang]
		f, story := shared, fmt.Sprintf("adv-%03d", s.step)
		if e.Lang == "tr" || e.Lang == "ku" {
			f, story = newFacts(r.next(), 90000+s.step), story+"-"+e.Lang
		}
		a := s.genArticle(f, e.Lang, story, s.now.Add(-time.Duration(50-7*i)*time.Minute))
		a.id = es.maxID() + int64(3+r.intn(10))
		a.dateline = dateline(a.lang, a.gen.lt.cities[f.city], a.pub, a.id)
		es.put(a)
	}
}

// firstStepStories returns what the first Advance publishes; each
// version's at is its offset from Start.
func firstStepStories() []story {
	return []story{
		{id: "tartus-port", versions: []version{
			{lang: "ar", cat: "economy/transport", at: "20m", img: "tartus-port-ship-scaled.jpg", city: "طرطوس",
				tags:  []string{"طرطوس", "المرافئ"},
				title: "مرفأ طرطوس يستقبل أكبر سفينة حاويات منذ سنوات محملة بـ ١٨٠٠ حاوية",
				body: []string{
					"استقبل مرفأ طرطوس اليوم أكبر سفينة حاويات ترسو فيه منذ سنوات، بطول ٢٩٤ متراً وحمولة ١٨٠٠ حاوية من المواد الأولية والبضائع المتنوعة.",
					"وأوضح مدير عام المرفأ أن عمليات التفريغ ستستغرق ثلاثة أيام، بعد أن جرى تعميق الرصيف رقم ٧ وتحديث الرافعات الجسرية خلال الأشهر الماضية.",
					"وأشار إلى أن حركة الحاويات في المرفأ ارتفعت بنسبة ٤٠ بالمئة خلال كانون الثاني مقارنة بالشهر نفسه من العام الماضي.",
				}, by: "ر.س"},
			{lang: "en", cat: "economy", at: "50m", img: "tartus-port-ship-1024x683.jpg", city: "Tartus",
				tags:  []string{"Tartus", "Ports"},
				title: "Tartus port receives its largest container ship in years",
				body: []string{
					"The port of Tartus today received the largest container ship to dock there in years, a 294-meter vessel carrying 1,800 containers of raw materials and goods.",
					"Unloading will take three days, the port's director general said, after berth No. 7 was deepened and gantry cranes were upgraded in recent months.",
					"Container traffic at the port rose 40 percent in January compared with the same month last year.",
				}, by: "H.Sh"},
			{lang: "fr", cat: "economie", at: "1h40m", img: "tartus-port-ship-1.jpg", city: "Tartous",
				tags:  []string{"Tartous", "Ports"},
				title: "Le port de Tartous accueille un porte-conteneurs de 294 mètres",
				body: []string{
					"Le port de Tartous a accueilli aujourd'hui le plus grand porte-conteneurs à y accoster depuis des années, avec 1 800 conteneurs à bord.",
					"Le déchargement durera trois jours, selon le directeur général du port.",
					"Le trafic de conteneurs a progressé de 40 % en janvier sur un an.",
				}, by: "T.J"},
		}},
		{id: "bosra-concert", versions: []version{
			{lang: "ar", cat: "culture", at: "1h", img: "bosra-theatre-concert-scaled.jpg", city: "درعا",
				tags:  []string{"درعا", "الموسيقى"},
				title: "المسرح الروماني في بصرى يستضيف حفلاً موسيقياً بمشاركة ٦٠ عازفاً",
				body: []string{
					"يستضيف المسرح الروماني في مدينة بصرى بريف درعا في الحادي والعشرين من شباط الجاري حفلاً للفرقة الوطنية السورية للموسيقى العربية بمشاركة ٦٠ عازفاً ومغنياً.",
					"وأوضحت مديرية الثقافة في درعا أن الحفل هو الأول في المسرح منذ سنوات، وأن الدخول مجاني مع تخصيص حافلات لنقل الجمهور من مدينة درعا.",
					"ويتسع المسرح، الذي يعود إلى القرن الثاني الميلادي، لنحو ٩ آلاف متفرج.",
				}, by: "م.ش"},
			{lang: "es", cat: "cultura", at: "2h10m", img: "bosra-theatre-concert-scaled.jpg", city: "Daraa",
				tags:  []string{"Bosra", "Música"},
				title: "El teatro romano de Bosra acogerá un concierto con 60 músicos",
				body: []string{
					"El teatro romano de Bosra, en la provincia de Daraa, acogerá el 21 de febrero un concierto de la Orquesta Nacional Siria de Música Árabe con la participación de 60 músicos y cantantes.",
					"Es el primer concierto en el teatro en varios años y la entrada será gratuita.",
					"El teatro, del siglo II, tiene capacidad para unos 9.000 espectadores.",
				}, by: "E.M"},
			{lang: "ku", cat: "cand", at: "2h30m", img: "bosra-theatre-concert-1024x683.jpg", city: "Dera",
				tags:  []string{"Bosra", "Muzîk"},
				title: "Şanoya Romayî ya Bosrayê dê bi 60 muzîkjenan konserekê pêşwazî bike",
				body: []string{
					"Şanoya Romayî ya li bajarê Bosrayê dê di 21ê Sibatê de konsereke Orkestraya Neteweyî ya Sûrî bi beşdariya 60 muzîkjen û stranbêjan pêşwazî bike.",
					"Ketin belaş e û ji bo temaşevanan otobûs hatine amadekirin.",
					"Şano nêzîkî 9 hezar temaşevanan digire.",
				}, by: "R.M"},
		}},
		{id: "homs-derby", versions: []version{
			{lang: "fr", cat: "sport", at: "1h30m", img: "karamah-wathba-1024x683.jpg", city: "Homs",
				tags:  []string{"Football", "Homs"},
				title: "Football : Al-Karama remporte le derby de Homs",
				body: []string{
					"Al-Karama s'est imposé 2 à 1 face à Al-Wathba dans le derby de Homs, lors de la 14e journée du championnat de Syrie de football.",
					"Devant quelque 20 000 spectateurs, le but de la victoire a été inscrit de la tête à la 81e minute.",
					"Al-Karama remonte ainsi à la deuxième place avec 31 points.",
				}, by: "R.B"},
		}},
	}
}
