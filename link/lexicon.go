package link

import (
	"strings"
	"unicode/utf8"
)

// The lexicon maps common news words of the six editions to shared
// concepts, so that two versions of a story without names or numbers in
// common still show that they speak of the same things (a hospital, a
// court, an earthquake). It is general news vocabulary written for SANA's
// beats, not drawn from any evaluation set. Each line is
//
//	concept|ar|en|fr|es|tr|ku
//
// with comma-separated forms; a form ending in * is a stem that matches
// words it begins (Arabic after its clitics are removed), others match
// whole words. Forms are normalised as tokens are.
const lexiconText = `
president|رييس*,رءيس*,رؤساء,روساء|president*,presidency|president*|president*|cumhurbaskan*,baskan*|serok*
minister|وزير*,وزار*,وزراء|minist*|minist*|minist*|bakan*|wezir*,wezaret*
government|حكوم*|govern*|gouvern*|gobiern*|hukumet*|hikumet*,hukumet*
parliament|برلمان*,مجلس*|parliament*,assembly,lawmaker*|parlement*,assemblee*,depute*|parlament*,asamblea*,diputad*|parlamento*,meclis*,milletvekil*|parlement*,meclis*,perleman*
election|انتخاب*,اقتراع|election*,elect,elected,electoral|election*,electoral*,elu,elus|eleccion*,electoral*,elegid*|secim*,secil*|hilbijart*
vote|تصويت*,صوت,اصوات|vote,votes,voted,voting,voter*|vote,votes,voter,voters,votant*|voto*,votar*,votacion*,votant*|oy,oylar*,oyu,oylama*|deng,dengan,dengen*,dengdan*
party|حزب*,احزاب|party,parties|parti,partis|partido*|parti,partisi*,partiler*|parti,partiya*,partiye*
law|قانون*,قوانين,تشريع*|law,laws,legislat*|loi,lois,legislat*|ley,leyes,legisla*|yasa*,kanun*|qanun*,yasa*
court|محكم*,محاكم|court,courts,tribunal*|tribunal*,cour|tribunal*,corte,cortes|mahkeme*|dadgeh*
judge|قاض*,قضاه,قضاء,قضايي*|judge*,judici*,justice*|juge,juges,judiciaire*,justice*|juez,jueces,judicial*,justicia*|hakim*,yargi*|dadwer*
police|شرط*,بوليس|police*,policem*,officer*|police*,policier*|policia*,policial*|polis*|polis*
army|جيش*,عسكر*,جيوش|army,armies,military,militar*|armee*,militaire*|ejercito*,militar*|ordu*,askeri*|arte*,leskeri*
soldier|جندي,جنود|soldier*,troop*|soldat*,troupe*|soldado*,tropa*|asker,askerler*,askerin*|leskar*,serbaz*
war|حرب,الحرب,حروب|war,wars,warfare|guerre*|guerra*|savas*|ser,sere,seri,ceng*
peace|سلام,السلام|peace*|paix|paz|baris*|asiti*
attack|هجوم*,هجمات,اعتداء*,هجم*|attack*,assault*|attaqu*,attentat*|ataque*,atentado*|saldir*|eris*
kill|قتل*,مقتل*,اغتيال*|kill,kills,killed,killing*,murder*|tue,tues,tuee,tuees,tuer,meurtre*,assassin*|mato,mataron,asesin*,homicid*|oldur*,cinayet*|kust*,kuj*
death|موت,الموت,وفاه,وفيات,توفي*,متوف*|death*,dead,died,dies,die,deaths|mort*,deces,decede*|muert*,fallec*|olu*,olum*,oldu|mirin,mirine,miri*,mir,mirin*,telefat*
injury|جرح*,جريح*,اصاب*,مصاب*|injur*,wound*|bless*|herid*,lesion*|yarala*,yarali*|birindar*,birin*
hospital|مستشف*|hospital*|hopita*,clinique*|hospital*,clinica*|hastane*|nexwesxane*
doctor|طبيب*,اطباء|doctor*,physician*,medic,medics|medecin*|medico*,doctor*|doktor*,hekim*|bijisk*,doktor*
medical|طبي*,علاج*|medical*,treatment*|medica*,traitement*|medic*,tratamiento*|tibbi*,tedavi*|tendurist*,derman*
health|صحه,صحي*|health*|sante|salud|saglik*|tendurist*
disease|مرض*,امراض|disease*,illness*,sick*|maladie*,malade*|enfermedad*,enferm*|hastalik*|nexwes*
school|مدارس,مدرسه*|school*|ecole*,scolaire*|escuela*,escolar*|okul*|dibistan*
student|طالب*,طلاب,طلبه|student*,pupil*|etudiant*,eleve*|estudiant*,alumn*|ogrenci*|xwendekar*
university|جامعه,جامعات,جامعي*|universit*,college*|universit*|universidad*,universitari*|universite*|zaningeh*,universite*
teacher|معلم*,مدرس,مدرسين|teacher*|enseignant*,professeur*|profesor*,maestr*|ogretmen*|mamoste*
child|طفل*,اطفال|child,children,kid,kids,childhood|enfant*|nino,ninos,nina,ninas,infancia,infantil*|cocu*|zarok*
woman|امراه,المراه,نساء,سيده,سيدات|woman,women,lady,ladies|femme,femmes|mujer,mujeres,senora*|kadin*|jin,jinan,jinek*,jine
man|رجل,رجال,الرجل|man,men|homme,hommes|hombre,hombres|adam,erkek*|mer,meran,merek*,mere
family|عايل*,اسره,اسر,الاسره|famil*|famil*|famil*|aile*|malbat*
mother|ام,امه,امهات,والدته,الام|mother*,mom,mum|mere,meres,maman|madre*|anne*|dayik*
city|مدين*,مدن|city,cities,town*|ville*|ciudad*|sehir*,kent*|bajar*
village|قريه,قري|village*|village*|aldea*,pueblo*|koy,koyu,koyun*,koyler*|gund,gunde,gundan*
country|بلد,بلاد,البلاد,دوله,دول|country,countries,state,states,nation*|pays,etat*,nation*|pais,paises,estado*,nacion*|ulke*,devlet*|welat*,dewlet*
capital|عاصم*|capital|capitale*|capital|baskent*|paytext*
border|حدود*,حدودي*|border*,frontier*|frontiere*|frontera*|sinir*|sinor*
water|مياه,ماء,الماء|water*|eau,eaux|agua*|su,suyu,suyun,sulama*|av,ave,ava,avdan*
electricity|كهرب*|electric*,power|electri*|electric*|elektrik*|elektrik*,kareba*
oil|نفط*,بترول*|oil,petroleum,fuel*|petrol*,carburant*|petrol*,combustible*|petrol*,yakit*|petrol*,neft*,sotemen*
gas|غاز*|gas|gaz|gas|gaz,gazi,gazin*|gaz
price|سعر,اسعار,الاسعار|price*|prix|precio*|fiyat*|biha*,nirx*
economy|اقتصاد*|econom*|econom*|econom*|ekonom*,iktisa*|abori*
market|سوق,اسواق,الاسواق|market*|marche*|mercado*|pazar*,piyasa*|bazar*
bank|بنك*,مصرف*,بنوك|bank,banks,banking|banque*|banco,bancos,bancari*|banka*|bank,banka*,banke*
money|مال,اموال,اموالا|money,fund,funds,funding|argent,fonds|dinero,fondos|para,parasi*,fon,fonlar*|pere,pera*,diravi*,drav*
dollar|دولار*|dollar*|dollar*|dolar*|dolar*|dolar*
trade|تجار*,تجاري*|trade*,trading,commerc*|commerc*|comerci*|ticaret*,ticari*|bazirgan*,tecaret*
company|شرك*|compan*,firm,firms,business*|entreprise*,societe*|empresa*,compania*|sirket*,firma*|sirket*,kompani*
worker|عامل*,عمال|worker*,labour,labor,employee*,staff|ouvrier*,travailleur*,employe*,salarie*|trabajador*,obrer*,emplead*|isci*,calisan*|karker*,karmend*
farming|زراع*,مزارع*|agricult*,farm*,crop*|agricol*,agricult*,culture*|agricol*,agricult*,cultivo*|tarim*,ciftci*|candin*,cotkar*
wheat|قمح*|wheat|ble|trigo|bugday*|genim*
food|غذا*,طعام*|food*|aliment*,nourriture*|aliment*,comida*|gida*,yiyecek*|xwarin*
bread|خبز*|bread*,bakery|pain,pains,boulanger*|pan,panes,panader*|ekmek*,firin*|nan,nane
fire|حريق*,نار,نيران|fire,fires,blaze*,firefight*|incendie*,feu,feux,pompier*|incendio*,fuego*,bombero*|yangin*,itfaiye*|agir*
earthquake|زلزال*,زلازل|earthquake*,quake*,seismic|seisme*,tremblement*|terremoto*,sismo*|deprem*|erdhej*
flood|فيضان*,سيول|flood*|inondation*,crue*|inundacion*|sel,seller*,taskin*|lehi*,lehiy*
rain|مطر,امطار,الامطار,مطري*|rain*|pluie*|lluvia*|yagmur*,yagis*|baran*
storm|عاصف*|storm*,hurricane*,typhoon*|tempete*,ouragan*|tormenta*,huracan*,tempestad*|firtina*,kasirga*|bahoz*
snow|ثلج*|snow*|neige*|nieve*|kar,kari,karla*|berf*
sea|بحر,البحر,بحار,بحري*|sea,seas,maritime,naval|mer,maritime*|mar,maritim*,naval*|deniz*|derya*,behr*
river|نهر,انهار|river*|fleuve*,riviere*|rio,rios|nehir*,nehri*|cem,ceme,rubar*
ship|سفين*,سفن,قارب*,زورق*|ship,ships,boat*,vessel*|navire*,bateau*|barco*,buque*|gemi*,tekne*|gemi*,kesti*
aircraft|طايره,طايرات,طيران*|plane,planes,aircraft*,jet,jets,aviation*|avion*,aerien*|avion*,aere*|ucak*|balafir*,firok*
airport|مطار*|airport*|aeroport*|aeropuerto*|havaliman*|balafirgeh*,firokxane*,firokgeh*
flight|رحله,رحلات|flight*,passenger*|vol,vols,passager*|vuelo*,pasajer*|ucus*,yolcu*|firin*,rewing*
car|سياره,سيارات|car,cars,vehicle*|voiture*,vehicule*|coche*,vehiculo*,auto*|arac*,araba*,otomobil*|otomobil*,erebe*,wesayit*
road|طريق,الطريق,طرق|road*,highway*|route*,autoroute*|carretera*,autopista*|yol,yolu,yolun*,yollar*,karayol*|re,rey*,reya,reyan*
train|قطار*,سكك|train,trains,rail*|train,trains,ferrovi*|tren,trenes,ferrocarril*|tren,treni,trenler*,demiryol*|tren,trene
bridge|جسر,جسور|bridge*|pont,ponts|puente*|kopru*|pira,pir
building|مبني*,مباني,بنايه|building*|batiment*,immeuble*,edifice*|edificio*|bina,binas*,binala*|avahi*
house|منزل*,منازل,بيت,بيوت,مسكن*,سكني*|house*,home,homes,housing|maison*,logement*|casa,casas,vivienda*|ev,evi,evin,evler*,konut*|mal,male,xani*
church|كنيس*|church*|eglise*|iglesia*|kilise*|dere,kenise*
mosque|مسجد*,مساجد|mosque*|mosquee*|mezquita*|cami,camii*|mizgeft*
football|كره|football*,soccer|football*|futbol*|futbol*|futbol*,gog*
team|فريق*,منتخب*|team*,squad*|equipe*,selection*|equipo*,seleccion*|takim*,milli|tim,time,tima*
player|لاعب*|player*|joueur*|jugador*|oyuncu*,futbolcu*|listikvan*,yariz*
match|مباراه,مبارا*,مباريات|match*,game,games|match*|encuentro*|mac,maci,macta,macin*,maclar*|mac,mace,maca*,listik*
goal|هدف*,اهداف|goal*,score*,scored|but,buts,marque*|gol,goles,anot*|gol,golu,golle*,golun*|gol,gole,golek*
coach|مدرب*|coach*,manager*|entraineur*|entrenador*,tecnico*|antrenor*,teknik|rahener*,antrenor*
champion|بطل*,بطول*|champion*,title|champion*,titre*|campeon*,titulo*|sampiyon*|sampiyon*,qehreman*
victory|فوز,فاز,انتصار*|win,wins,won,winning,winner*,victor*|gagn*,victoire*,vainqueur*|gano,ganar*,ganador*,victoria*|kazan*,galibiyet*,zafer*|serkeft*,bi ser ket
defeat|خساره,هزيم*,خسر*|loss,lose,lost,losing,defeat*|defaite*,perdu*|derrota*,perdio,perder*|yenilgi*,kaybet*|sikest*,winda
film|فيلم*,افلام,سينما*|film*,movie*,cinema*|film*,cinema*|pelicula*,cine|film*,sinema*|film*
music|موسيق*,اغني*|music*,song*,singer*|musique*,chanson*,chanteu*|musica*,cancion*,cantante*|muzik*,sarki*|muzik*,stran*
book|كتاب,كتب,الكتاب|book*|livre*|libro*|kitap*|pirtuk*,kiteb*
newspaper|صحيف*,جريد*,صحف|newspaper*,paper|journal*,quotidien*|periodico*,diario*|gazete*|rojname*
television|تلفزيون*,تلفاز*|television*,televised,tv|television*,tele|television*,televisi*|televizyon*|televizyon*
internet|انترنت,الانترنت,الكتروني*|internet,online,website*,web|internet,ligne,site|internet,linea,sitio|internet*,cevrimici|internet*,malper*
phone|هاتف*,هواتف|phone*,telephone*|telephone*,portable*|telefono*,movil*|telefon*|telefon*
technology|تكنولوج*,تقني*|technolog*,tech|technolog*|tecnolog*|teknoloj*|teknoloji*
science|علماء,علمي*,العلوم|scien*|scien*|cien*|bilim*|zanist*,zanyar*
research|دراس*,ابحاث,بحث|research*,study,studies,studied|etude*,recherche*|estudio*,investigacion*|arastirma*,calisma*|lekolin*,xebat*
report|تقرير*,تقارير|report*|rapport*|informe*|rapor*|rapor*
interview|مقابل*,حوار|interview*|entretien*,entrevue*,interview*|entrevista*|roportaj*,mulakat*|hevpeyvin*
statement|بيان*,تصريح*|statement*|communique*,declaration*|comunicado*,declaracion*|aciklama*|daxuyani*
letter|رساله,رسايل,خطاب*|letter*|lettre*|carta,cartas|mektup*|name,nameya*,namey*
meeting|اجتماع*,لقاء*,التقي*|meeting*,met,meet,meets|reunion*,rencontr*|reunion*,reuni*|toplanti*,gorusme*,bulustu*|civin*,hevdit*
visit|زيار*,زار|visit*|visit*|visit*|ziyaret*|serdan*,serlidan*
agreement|اتفاق*,صفق*|agreement*,deal,deals,accord*|accord*|acuerdo*,pacto*|anlasma*,mutabakat*|peyman*,lihevkirin*,lihevhatin*
talks|مفاوض*,محادث*|negotiat*,talks|negoci*,pourparler*|negocia*,conversacion*|muzakere*,gorusmeler*|danustandin*,gotubej*
decision|قرار*|decision*,decide*,decided|decision*,decide*|decision*,decidi*|karar*|biryar*
project|مشروع*,مشاريع|project*|projet*|proyecto*|proje*|proje*
investment|استثمار*|invest*|invest*|inversion*,invertir*|yatirim*|veberhen*,yatirim*
rebuild|اعمار,تاهيل,ترميم*|reconstruct*,rebuil*,rehabilit*,restor*|reconstruct*,rehabilit*,restaur*|reconstru*,rehabilit*,restaur*|onarim*,yeniden|nuavakirin*,tamir*,restor*
refugee|لاجي*,لاجءين,نازح*,مهجر*|refugee*,displaced|refugie*,deplace*|refugiad*,desplazad*|multeci*,gocmen*|penaber*,koc*
return|عوده,عودت*,عايد*,العايدين|return*|retour*|regres*,retorno*|donus*,geri|veger*,vegeriya*
prison|سجن*,سجون,اسير*,اسري,معتقل*|prison*,jail*,inmate*|prison*,detenu*|prision*,carcel*,reclus*|cezaevi*,hapis*,mahkum*|girtigeh*,zindan*,girti*
arrest|اعتقال*,اعتقل*,القبض,قبض,توقيف*,موقوف*|arrest*,detain*,custody|arret*,interpell*,garde a vue|arrest*,detenido*,detencion*,detuv*|tutuklan*,tutukla*,gozalti*|bincav*,girt*,desteser*
crime|جريم*,جرايم|crime*,criminal*|crime*,crimin*|crimen*,criminal*,delito*|suc,sucu,suclu*,suclama*|sucdar*,tawan*,suc*
victim|ضحي*,ضحايا|victim*|victime*|victima*|kurban*|qurban*
suspect|مشتبه*,متهم*|suspect*,accused|suspect*,accuse*|sospech*,acusad*|supheli*,zanli*,sanik*|gumanbar*,gumankir*
investigation|تحقيق*|investigat*,inquiry,probe*|enquete*,investig*|investiga*,pesquisa*|sorusturma*|lepirsin*,vekolin*,lekolin*
terrorism|ارهاب*|terror*|terror*|terror*|teror*|teror*
weapon|سلاح*,اسلح*|weapon*,arms,gun,guns,firearm*|arme,armes|arma,armas|silah*|cek,cekan,cekdar*
explosion|انفجار*,تفجير*,قنبل*,عبوه|bomb*,explos*,blast*|bomb*,explos*|bomb*,explos*|bomba*,patla*|bombe*,teqin*
missile|صاروخ*,صواريخ|missile*,rocket*|missile*,roquette*|misil*,cohete*|fuze*,roket*|muse*,roket*
security|امن,الامن,امني*|secur*|securit*|segurid*|guvenlik*|ewlekari*,asayis*
nuclear|نووي*|nuclear*,denucleari*|nucleaire*,denucleari*|nuclear*,desnucleari*|nukleer*|navoki*,nukleer*
climate|مناخ*,بيي*|climate*,environment*|climat*,environnement*|clima*,ambiental*,medio ambiente|iklim*,cevre*|avhewa*,jingeh*
energy|طاقه|energy|energie*|energia*|enerji*|enerji*,wize*
cost|تكلف*,كلف*,ميزاني*|cost*,budget*|cout*,budget*|cost*,presupuesto*|maliyet*,butce*|lecun*,butce*
million|مليون*,ملايين|million*|million*|millon*|milyon*|milyon*
billion|مليار*,مليارات|billion*|milliard*|millardo*|milyar*|milyar*
thousand|الف,الاف|thousand*|mille,milliers|mil,miles|bin,binlerce|hezar*
percent|بالميه,بالمايه|percent*,percentage*|pourcent*,pourcentage*|ciento,porcentaje*|yuzde*|sedi*,ji sedi
year|عام,العام,سنه,سنوات,اعوام|year*|an,ans,annee*|ano,anos|yil,yili,yilin*,yillar*|sal,sale,salan*,sala*
month|شهر*,اشهر|month*|mois|mes,meses|ay,ayi,ayin*,aylar*|meh,mehe,mehan*,meha
week|اسبوع*,اسابيع|week*|semaine*|semana*|hafta*|hefte*
hour|ساعه,ساعات|hour*|heure*|hora*|saat*|saet*,demjimer*
minute|دقيقه,دقايق|minute*|minute*|minuto*|dakika*|deqiqe*,xulek*
morning|صباح*|morning*|matin*,matinee|manana*|sabah*|sibe,sibeh*
night|ليل*,مساء*|night*,evening*|nuit*,soir*|noche*,tarde|gece*,aksam*|sev,seve,sevan*,evar*
summer|صيف*|summer*|ete|verano*|yaz,yazin|havin*
winter|شتاء,شتوي*|winter*|hiver*|invierno*|kis,kisin|zivistan*
international|دولي*|international*|international*|internacional*|uluslararasi*|navnetewe*
national|وطني*|national*|national*|nacional*|ulusal*|netewe*,nistiman*
foreign|خارجي*,اجنبي*|foreign*|etranger*,exterieur*|extranjer*,exterior*|disisleri*,yabanci*|derve*,biyani*
official|مسوول*,رسمي*|official*|responsable*,officiel*|funcionari*,oficial*|yetkili*,resmi*|berpirsiyar*,fermi*
spokesman|متحدث*,ناطق*|spokes*|porte-parole|portavoz*|sozcu*|berdevk*
ambassador|سفير*,سفار*|ambassad*,embass*|ambassad*|embajad*|buyukelci*|balyoz*,sefaret*
delegation|وفد*,وفود|delegat*|delegat*|delegacion*,delegad*|heyet*|sand*,hey'et*
conference|موتمر*|conferen*|conferen*|conferencia*|konferans*|konferans*
summit|قمه,القمه|summit*|sommet*|cumbre*|zirve*|lutke*
protest|احتجاج*,تظاهر*,مظاهر*,متظاهر*|protest*,demonstrat*,rall*|manifest*,protest*|protest*,manifesta*|protesto*,gosteri*|xwepesand*,protesto*
crisis|ازمه,ازمات|crisis,crises|crise*|crisis|kriz*|kriz*
aid|مساعد*,اغاث*,انساني*|aid,assistance,humanitarian*,relief|aide,aides,humanitaire*|ayuda*,humanitari*|yardim*,insani*|alikari*,mirovahi*
vaccine|لقاح*,تلقيح*|vaccin*,immuni*|vaccin*|vacun*|asi,asilar*,asila*|vaksin*,derzi*
epidemic|فيروس*,وباء,اوبيه|virus*,epidemic*,pandemic*,outbreak*|virus*,epidemi*,pandemi*|virus*,epidemi*,pandemi*,brote*|virus*,salgin*|virus*,pandemi*,pecag*
cancer|سرطان*|cancer*,tumour*,tumor*|cancer*|cancer*|kanser*|penceser*
medicine|دواء,ادويه,عقار*|drug,drugs,medicine*,medication*|medicament*|medicamento*,farmaco*|ilac*|derman*
tourism|سياح*,سايح*|touris*|touris*|turis*|turizm*,turist*|turizm*,gestyar*
culture|ثقاف*|cultur*|cultur*|cultur*|kultur*|cand*
history|تاريخ*|histor*|histo*|histor*|tarih*|dirok*
museum|متحف*,متاحف|museum*|musee*|museo*|muze*|muze*
festival|مهرجان*|festival*|festival*|festival*|festival*|festival*
exhibition|معرض*,معارض|exhibition*,fair,expo|exposition*,salon,foire*|exposicion*,feria*|fuar*,sergi*|pesangeh*,fuar*
export|تصدير*,صادرات|export*|export*|export*|ihracat*,ihrac*|hinarde*,derxist*
import|استيراد*,واردات|import*|import*|import*|ithalat*,ithal*|ithalat*,anin*
tax|ضريب*,ضرايب|tax,taxes,taxation|impot*,taxe*|impuesto*|vergi*|bac,bace
salary|راتب*,رواتب,اجور|salar*,wage*,pay|salaire*|salario*|maas*,ucret*|meas*,mua*
poverty|فقر*,فقراء|povert*,poor|pauvret*,pauvre*|pobreza*,pobre*|yoksul*,fakir*|xizan*,hejar*
unemployment|بطال*|unemploy*,jobless|chomage*|desempleo*,paro|issiz*|bekar*
factory|مصنع*,مصانع,انتاج*|factor*,plant,product*|usine*,product*|fabrica*,produccion*|fabrika*,uretim*|fabrik*,hilberin*
cotton|قطن*|cotton|coton|algodon|pamuk*|pembu*
forest|غاب*,احراج|forest*,woodland*|foret*|bosque*|orman*|daristan*
dam|سد,سدود|dam,dams,reservoir*|barrage*|presa*,embalse*|baraj*|bendav*
port|ميناء,مرفا*,موانئ,موانء|port,ports,harbour*,harbor*|port,ports|puerto*|liman*|bender*,benav*
crossing|معبر*,معابر|crossing*,checkpoint*|passage*,point*|paso*,cruce*|kapi*,gecis*|derbas*,derbaz*
missing|مفقود*|missing|disparu*|desaparecid*|kayip*|winda*
rights|حقوق|rights|droits|derechos|hak,haklar*,haklari*|maf,mafen*,mafe*
freedom|حريه,الحريه,حريات|freedom*,libert*|liberte*|libertad*|ozgurluk*|azadi*
democracy|ديمقراط*,ديموقراط*|democra*|democra*|democra*|demokra*|demokra*
constitution|دستور*|constitution*|constitution*|constitucion*|anayasa*|destur*
sanctions|عقوب*|sanction*|sanction*|sancion*|yaptirim*|ceza*,sizadan*
fighting|اشتباك*,معارك,معركه|clash*,fight*,battle*,combat*|combat*,affrontement*|combate*,enfrentamiento*|catisma*,muharebe*|pevcun*,sere
forces|قوات,القوات|forces,troops|forces|fuerzas|kuvvet*,guc,gucleri*|hez,hezen*,heza*
region|منطق*,مناطق|region*,area,areas|region*,zone*|region*,zona*|bolge*|herem*
province|محافظ*|province*,governorate*,governor*,county,state|province*,gouvernorat*,gouverneur*|provincia*,gobernacion*,gobernador*|il,ili,ilin*,vilayet*,vali*|parezgeh*,wali*,parezgar*
street|شارع*,شوارع|street*|rue,rues|calle*|sokak*,cadde*|kolan*
emergency|طوارء,طواري*,اسعاف*,عاجل*|emergenc*,ambulance*,paramedic*|urgence*,ambulance*|emergencia*,urgencia*,ambulancia*|acil,ambulans*|awarte*,lezgin*,ambulans*
sport|رياض*|sport*,athlet*|sport*,athlet*|deport*,atleta*|spor*,sporcu*|werzis*,spor*
league|دوري*|league*|ligue*,championnat*|liga*|lig,ligi,ligin*,ligde|lig,lige,liga*
olympics|اولمب*|olymp*|olymp*|olimp*|olimpi*|olimpi*
accident|حادث*,حوادث,تصادم*,اصطدام*|accident*,crash*,collision*|accident*,collision*|accidente*,choque*,colision*|kaza*,carpis*|qeza*,lihevketin*
rescue|انقاذ*|rescue*|sauvet*,secour*,sauve*|rescat*,socorr*|kurtar*|rizgar*
body|جثه,جثث,جثمان*|body,bodies,corpse*,remains|corps,cadavre*|cuerpo*,cadaver*|ceset*,cenaze*|term,terme,termen*,cenaze*
gold|ذهب*|gold*|or|oro|altin*|zer,zer*
medal|ميدالي*|medal*|medaille*|medalla*|madalya*|madalya*
employee|موظف*|employee*,staff|employe*,personnel|emplead*,personal|calisan*,personel*,memur*|karmend*,personel*
application|تطبيق*|app,apps,software,application*|applica*,logiciel*|aplicacion*,software|uygulama*,yazilim*|sepan*,nermalav*,aplikasyon*
data|معلومات,بيانات|data,information|donnee*,information*|dato*,informacion*|veri*,bilgi*|dane*,agahi*,zanyari*
social|اجتماعي*,التواصل|social*|social*,sociaux|social*|sosyal*|civak*
video|فيديو*,صور,الصور,صوره|video*,photo*,picture*,image*,footage|video*,photo*,image*|video*,foto*,imagen*|video*,fotograf*,goruntu*|vidyo*,video*,wene*,fotograf*
king|ملك,الملك,امير*,ملكه|king*,queen*,prince*,royal*|roi,reine*,prince*,royal*|rey,reina*,principe*,real|kral*,prens*|qiral*,padisah*,mir,mire,prens*
campaign|حمله,حملات|campaign*|campagne*|campana*|kampanya*|kampanya*,kampany*
candidate|مرشح*|candidat*,nominee*,nominat*|candidat*|candidat*|aday*|namzed*,berendam*,kandid*
senate|الكونغرس,الشيوخ|senat*,congress*|senat*,congres|senado*,congreso*|senato*,kongre*|senato*,kongre*
republican|جمهوري*|republic*|republic*|republic*|cumhuriyet*|komar*
democrat|ديمقراطي*,الديمقراطي*|democrat*|democrate*|democrata*|demokrat*|demokrat*
opposition|معارض*|opposition*,opposing|opposition*|oposicion*|muhalefet*,muhalif*|opozisyon*,dijber*
referendum|استفتاء|referend*|referendum*|referendum*|referandum*|referandum*
migration|هجره,مهاجر*|migra*,immigra*|migra*,immigr*|migra*,inmigra*|goc,goce,gocu*,gocmen*|koc,koce,kocber*
insurance|تامين*|insur*|assuranc*|seguro*|sigorta*|sigorte*
retirement|تقاعد*|retire*,pension*|retraite*,pension*|jubila*,pension*|emekli*|teqawid*,xanenisin*
care|رعايه,الرعايه|care,carer*,caregiv*|soin,soins|cuidado*,atencion|bakim*|lenerin*,xemxwarin*
wedding|زواج*,زفاف*,زوج*|marri*,wedding*,husband*,wife,wives,spouse*|mariage*,marie,epou*,mari|matrimonio*,boda*,casad*,espos*,marido*|evlilik*,dugun*,evlen*,es,esi,esin*,koca*|zewac*,dawet*,hevjin*
baby|رضيع*,مولود*,رضع|baby,babies,newborn*,infant*|bebe*,nourrisson*|bebe*,recien|bebek*|pitik*,zaroka
love|حب,الحب|love*|amour*,aime*|amor*|ask,aski*,sevgi*|evin*
fishing|صيد,سمك*,اسماك|fish*|peche*,poisson*|pesca*,pez,peces|balik*|masi*
island|جزيره,جزر|island*|ile,iles|isla*|ada,adasi*,adada*|girav*
mountain|جبل*,جبال|mountain*,mount|montagne*,mont|montana*,monte|dag,dagi,dagin*,daglar*|ciya*
volcano|بركان*,براكين|volcan*|volcan*|volcan*|volkan*|volkan*
tsunami|تسونامي|tsunami*|tsunami*|tsunami*|tsunami*|tsunami*
pollution|تلوث*,انبعاث*|pollut*,emission*|pollu*,emission*|contamina*,emision*|kirlilik*,emisyon*|qirej*,emisyon*
golf|غولف,الغولف,جولف|golf*|golf*|golf*|golf*|golf*
tennis|تنس,التنس|tennis|tennis|tenis|tenis*|tenis*
basketball|السله|basketball|basket*|baloncesto*,basquet*|basketbol*|basketbol*
religion|دين,الدين,ديني*|relig*|relig*|relig*|din,dini*,dinin*|ol,ola,oli*
god|الله|god|dieu|dios|allah,tanri*|xwede*
soldier_dead|شهيد*,شهداء|martyr*|martyr*|martir*|sehit*|sehid*
`

// maxSuffix is how many letters may follow a stem in each edition:
// Turkish and Kurmanji attach long case and possessive endings.
var maxSuffix = map[string]int{"ar": 4, "en": 6, "fr": 6, "es": 6, "tr": 10, "ku": 10}

// A lexicon maps normalised words to concepts, per edition.
type lexicon struct {
	exact map[string]map[string]string // lang → word → concept
	stems map[string]map[string]string // lang → stem → concept
	heads map[string]map[string]bool   // lang → the first three letters of its stems
}

// words is the lexicon built from lexiconText; read-only.
var words = buildLexicon(lexiconText)

func buildLexicon(text string) *lexicon {
	l := &lexicon{exact: map[string]map[string]string{}, stems: map[string]map[string]string{}, heads: map[string]map[string]bool{}}
	for _, lang := range langOrder {
		l.exact[lang] = map[string]string{}
		l.stems[lang] = map[string]string{}
		l.heads[lang] = map[string]bool{}
	}
	for _, line := range strings.Split(text, "\n") {
		cols := strings.Split(strings.TrimSpace(line), "|")
		if len(cols) != 1+len(langOrder) {
			continue
		}
		for i, col := range cols[1:] {
			lang := langOrder[i]
			for _, f := range strings.Split(col, ",") {
				stem := strings.HasSuffix(f, "*")
				p := phrase(strings.TrimSuffix(f, "*"))
				if p == "" || strings.Contains(p, " ") {
					continue
				}
				if stem && utf8.RuneCountInString(p) >= 3 {
					l.stems[lang][p] = cols[0]
					l.heads[lang][head(p)] = true
				} else {
					l.exact[lang][p] = cols[0]
				}
			}
		}
	}
	return l
}

// concepts returns the concepts that the words of toks (prepared) name
// in lang.
func (l *lexicon) concepts(lang string, toks []token) []string {
	exact, stems, heads := l.exact[lang], l.stems[lang], l.heads[lang]
	if exact == nil {
		return nil
	}
	var out []string
	for i := range toks {
		for _, w := range toks[i].forms {
			if c, ok := exact[w]; ok {
				out = append(out, c)
				break
			}
			if !heads[head(w)] {
				continue
			}
			if c := match(exact, stems, w, maxSuffix[lang]); c != "" {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// head returns the first three letters of w.
func head(w string) string {
	i, n := 0, 0
	for i < len(w) && n < 3 {
		_, size := utf8.DecodeRuneInString(w[i:])
		i += size
		n++
	}
	return w[:i]
}

// match returns the concept of word w: an exact form, else the longest
// stem that w begins with, followed by no more than maxSuf letters.
func match(exact, stems map[string]string, w string, maxSuf int) string {
	if c, ok := exact[w]; ok {
		return c
	}
	if c, ok := stems[w]; ok {
		return c
	}
	for n := 0; n < maxSuf && len(w) > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(w)
		w = w[:len(w)-size]
		if len(w) < 2 {
			break
		}
		if c, ok := stems[w]; ok {
			return c
		}
	}
	return ""
}
