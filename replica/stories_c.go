package replica

// storiesC returns the stories that ran in one edition only, and the old
// articles imported from the previous site with low, old-range ids.
func storiesC() []story {
	return []story{
		{id: "idlib-olive-oil", versions: []version{
			{lang: "ar", id: 2518704, cat: "economy/agricultural", at: "2026-02-07 09:10", img: "idlib-olive-oil-scaled.jpg", city: "إدلب",
				tags:  []string{"إدلب", "الزيتون", "الزراعة"},
				title: "إنتاج إدلب من زيت الزيتون يتجاوز ٣٥ ألف طن هذا الموسم",
				body: []string{
					"قدّرت مديرية الزراعة في إدلب إنتاج المحافظة من زيت الزيتون للموسم الحالي بأكثر من ٣٥ ألف طن، من نحو ١٣٠ ألف هكتار مزروعة بأشجار الزيتون.",
					"وأوضح مدير الزراعة أن المعاصر العاملة في المحافظة بلغ عددها ١٨٦ معصرة، معظمها يعمل بتقنيات حديثة، مشيراً إلى تحسن جودة الزيت مقارنة بالموسم الماضي.",
					"ولفت إلى أن المديرية تعمل مع غرفة الزراعة على فتح أسواق تصدير جديدة، وتقديم قروض ميسرة للمزارعين لتجديد البساتين المتضررة.",
				}, by: "أ.ب", quirk: qGIFPlaceholder},
		}},
		{id: "hama-rural-roads", versions: []version{
			{lang: "ar", id: 2518810, cat: "local/services", at: "2026-02-07 14:00", img: "hama-road-works-scaled.jpg", city: "حماة",
				tags:  []string{"حماة", "الطرق"},
				title: "محافظة حماة تبدأ تأهيل ٦٥ كيلومتراً من الطرق الريفية",
				body: []string{
					"بدأت محافظة حماة تنفيذ مشروع لتأهيل ٦٥ كيلومتراً من الطرق الريفية التي تربط ٢٢ قرية بمركز المحافظة، بكلفة تقديرية تبلغ ١٤ مليار ليرة سورية.",
					"وأوضح مدير الخدمات الفنية أن المشروع يشمل تعريض الطرق وتزفيتها وإنشاء العبارات لتصريف مياه الأمطار، على أن ينتهي العمل فيه خلال ستة أشهر.",
					"وأشار إلى أن الأولوية أعطيت للطرق التي تخدم المدارس والمراكز الصحية ونقل المحاصيل الزراعية.",
				}, by: "ج.ح", quirk: qEmptyPara},
		}},
		{id: "tartus-bakery", versions: []version{
			{lang: "ar", id: 2519060, cat: "local/services", at: "2026-02-08 13:00", city: "طرطوس",
				tags:  []string{"طرطوس", "الخبز"},
				title: "افتتاح مخبز آلي جديد في طرطوس بطاقة إنتاجية ٢٢ طناً يومياً",
				body: []string{
					"افتتح في مدينة طرطوس مخبز آلي جديد بطاقة إنتاجية تصل إلى ٢٢ طناً من الخبز يومياً، يخدم نحو ٩٠ ألف مواطن في المدينة والقرى المحيطة بها.",
					"وأوضح مدير فرع المخابز في المحافظة أن المخبز مجهز بخطي إنتاج حديثين، ويعمل فيه ٧٥ عاملاً على ثلاث ورديات.",
					"وبيّن أن افتتاح المخبز سيخفف الازدحام على منافذ البيع، ويتيح إيصال الخبز إلى المعتمدين في الأرياف بشكل يومي.",
				}, by: "ر.س"},
		}},
		{id: "takiyya-handicrafts", versions: []version{
			{lang: "ar", id: 2519244, cat: "culture", at: "2026-02-09 08:00", img: "damascus-general-view-scaled.jpg", city: "دمشق",
				tags:  []string{"الحرف اليدوية", "دمشق"},
				title: "معرض للحرف اليدوية التراثية في التكية السليمانية بمشاركة ٧٠ حرفياً",
				body: []string{
					"افتتح في التكية السليمانية بدمشق معرض للحرف اليدوية التراثية بمشاركة ٧٠ حرفياً من دمشق وحلب وحمص، يعرضون منتجاتهم من الموزاييك والزجاج المعشق والبروكار والنحاس المحفور.",
					"وأوضح رئيس اتحاد الحرفيين أن المعرض يهدف إلى تسويق منتجات الحرفيين وتعريف الجيل الجديد بالحرف المهددة بالاندثار، ويستمر حتى العشرين من شباط.",
					"ويتضمن المعرض ورشات عمل حية يقدم فيها الحرفيون شرحاً لمراحل صناعة البروكار الدمشقي على الأنوال اليدوية.",
				}, by: "ه.ع"},
		}},
		{id: "expatriate-investors", versions: []version{
			{lang: "en", id: 2289604, cat: "economy", at: "2026-02-08 12:20", img: "investment-forum-1024x683.jpg", city: "Damascus",
				tags:  []string{"Investment", "Expatriates", "Damascus"},
				title: "Expatriate investors' forum in Damascus reviews 45 projects",
				body: []string{
					"A forum for Syrian expatriate investors opened in Damascus with the participation of more than 300 businesspeople from 20 countries, reviewing 45 investment projects in industry, agriculture, tourism and renewable energy.",
					"Organizers said the projects have a combined estimated value of around $900 million, and that a one-stop window has been set up at the forum to complete licensing procedures.",
					"Participants called for simplifying the transfer of funds and for clearer guarantees for investors, while officials presented recent amendments to the investment law.",
					"The two-day forum includes sector workshops and bilateral meetings between investors and local chambers of commerce and industry.",
				}, by: "R.B", quirk: qStrongDateline},
		}},
		{id: "national-museum", versions: []version{
			{lang: "en", id: 2289778, cat: "culture", at: "2026-02-09 11:15", img: "damascus-general-view-1024x683.jpg", city: "Damascus",
				tags:  []string{"Museums", "Damascus"},
				title: "National Museum of Damascus extends opening hours and reopens classical wing",
				body: []string{
					"The National Museum of Damascus has extended its opening hours until 6 p.m. and reopened its classical antiquities wing after restoration works that lasted more than a year.",
					"The Directorate-General of Antiquities and Museums said the wing displays more than 600 pieces, including mosaics, statues and inscriptions from Palmyra, Bosra and Shahba.",
					"Entry is free for students on Tuesdays, and guided tours in Arabic and English are available twice a day.",
				}, by: "M.Ch."},
		}},
		{id: "aleppo-gaziantep-bus", versions: []version{
			{lang: "tr", id: 31148, cat: "suriye", at: "2026-02-07 19:05", img: "aleppo-gaziantep-bus-1024x683.jpg", city: "Halep",
				tags:  []string{"Halep", "Ulaşım"},
				title: "Halep ile Gaziantep arasında düzenli otobüs seferleri başladı",
				body: []string{
					"Halep ile Gaziantep arasında günde iki kez karşılıklı olarak yapılacak düzenli otobüs seferleri başladı.",
					"Seferleri düzenleyen ulaşım şirketi, yolculuğun sınırdaki işlemler dahil yaklaşık beş saat sürdüğünü ve bilet fiyatının 25 dolar olduğunu açıkladı.",
					"İlk seferde 48 yolcu bulunurken, şirket talebe göre sefer sayısını artırmayı planladığını bildirdi.",
				}, by: "S.D", quirk: qGIFPlaceholder},
		}},
		{id: "french-reading-contest", versions: []version{
			{lang: "fr", id: 31205, cat: "culture", at: "2026-02-07 17:20", img: "concours-lecture-damas-1024x683.jpg", city: "Damas",
				tags:  []string{"Damas", "Langue française"},
				title: "Un concours de lecture en français réunit 200 élèves à Damas",
				body: []string{
					"Deux cents élèves de lycées de Damas et de sa campagne ont participé à un concours de lecture en langue française organisé par le ministère de l'Éducation.",
					"Les candidats ont lu à voix haute des extraits de romans et de poèmes devant un jury de professeurs, qui a récompensé quinze lauréats.",
					"Les organisateurs prévoient d'étendre le concours à Alep et à Homs l'an prochain.",
				}, by: "M.Ch.", quirk: qEmptyPara},
		}},
		{id: "argentina-delegation", versions: []version{
			{lang: "es", id: 17441, cat: "internacional", at: "2026-02-08 16:00", img: "delegacion-diaspora-1024x683.jpg", city: "Damasco",
				tags:  []string{"Diáspora", "Argentina", "Damasco"},
				title: "Una delegación de la comunidad siria en Argentina visita Damasco",
				body: []string{
					"Una delegación de 30 miembros de asociaciones de la comunidad siria en Argentina llegó a Damasco para una visita de una semana que incluye encuentros con cámaras de comercio y universidades.",
					"Los visitantes manifestaron su interés en proyectos de cooperación cultural y en becas para que jóvenes descendientes de sirios estudien el idioma árabe en Damasco.",
					"La delegación visitará también Homs y Latakia, de donde proceden muchas de las familias que emigraron a Sudamérica a principios del siglo XX.",
				}, by: "L.A", quirk: qStrongDateline},
		}},
		{id: "qamishli-kurdish-courses", versions: []version{
			{lang: "ku", id: 14102, cat: "cand", at: "2026-02-07 16:45", img: "qamislo-kurs-1024x683.jpg", city: "Qamişlo",
				tags:  []string{"Zimanê Kurdî", "Qamişlo"},
				title: "Li Qamişloyê kursên zimanê Kurdî ji bo 300 xwendekaran dest pê kirin",
				body: []string{
					"Li bajarê Qamişloyê kursên nû yên zimanê Kurdî ji bo 300 xwendekaran dest pê kirin.",
					"Kurs dê sê mehan bidomin û dersên xwendin, nivîsandin û rêzimanê di nav xwe de digirin.",
					"Mamosteyan got ku daxwaza li ser kursan ji sala borî zêdetir e.",
				}, by: "R.M"},
		}},
		{id: "kobani-library", versions: []version{
			{lang: "ku", id: 14130, cat: "cand", at: "2026-02-08 21:00", img: "kobani-library-1024x683.jpg", city: "Kobanî",
				tags:  []string{"Kobanî", "Pirtûkxane"},
				title: "Pirtûkxaneya giştî ya Kobaniyê bi 8 hezar pirtûkan ji nû ve vebû",
				body: []string{
					"Pirtûkxaneya giştî ya bajarê Kobaniyê piştî nûkirinê bi 8 hezar pirtûkên bi zimanên Kurdî, Erebî û Îngilîzî ji nû ve derî xwe vekir.",
					"Rêveberên pirtûkxaneyê got ku her roj ji saet 9an heta 5an vekirî ye û ji bo zarokan beşeke taybet heye.",
					"Di hefteya yekem de zêdetirî 500 kes serdana pirtûkxaneyê kirin.",
				}, by: "Z.H"},
		}},
		{id: "citadel-evenings", versions: []version{
			{lang: "ar", id: 1893410, cat: "culture", at: "2025-08-12 19:00", img: "citadel-evenings.jpg", city: "دمشق",
				tags:  []string{"دمشق", "قلعة دمشق"},
				title: "أمسيات صيفية في قلعة دمشق بمشاركة فرق موسيقية شابة",
				body: []string{
					"تحتضن قلعة دمشق خلال شهر آب سلسلة من الأمسيات الصيفية تشارك فيها ١٢ فرقة موسيقية شابة، تقدم أعمالاً من التراث الغنائي السوري بتوزيعات جديدة.",
					"وتقام الأمسيات ثلاث مرات أسبوعياً في الساحة الداخلية للقلعة، مع تخصيص ريعها لدعم صندوق ترميم المباني الأثرية.",
					"وقال المنظمون إن الإقبال فاق التوقعات، إذ تجاوز عدد الحضور في الأمسية الأولى ١٥٠٠ شخص.",
				}, by: "ل.ي"},
			{lang: "en", id: 347215, cat: "culture", at: "2025-08-12 21:30", img: "citadel-evenings-1024x683.jpg", city: "Damascus",
				tags:  []string{"Damascus", "Damascus Citadel"},
				title: "Summer evenings at Damascus Citadel feature young music bands",
				body: []string{
					"Damascus Citadel is hosting a series of summer evenings throughout August featuring 12 young music bands performing Syrian traditional songs in new arrangements.",
					"The evenings are held three times a week in the citadel's inner courtyard, with proceeds going to a fund for restoring historic buildings.",
					"More than 1,500 people attended the first evening, organizers said.",
				}, by: "R.B"},
		}},
		{id: "hamidiyeh-souk", versions: []version{
			{lang: "fr", id: 8812, cat: "culture", at: "2025-08-05 11:00", img: "souk-hamidiyeh.jpg", city: "Damas",
				tags:  []string{"Damas", "Patrimoine"},
				title: "Le souk Al-Hamidiyeh retrouve son animation estivale",
				body: []string{
					"Le souk Al-Hamidiyeh, au cœur de la vieille ville de Damas, connaît une forte affluence en ce début du mois d'août, avec le retour de nombreux visiteurs venus des provinces et de l'étranger.",
					"Les commerçants font état d'une hausse des ventes de textiles, d'épices et d'artisanat par rapport à l'été dernier.",
					"La municipalité a prolongé les horaires d'éclairage du souk jusqu'à minuit.",
				}, by: "M.Ch."},
		}},
	}
}
