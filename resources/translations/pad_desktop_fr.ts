<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>BatchResultsModel</name>
    <message>
        <location filename="../../pad_desktop/gui/batch_table.py" line="121"/>
        <source>Row</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_table.py" line="122"/>
        <source>Applicant</source>
        <translation>Demandeur</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_table.py" line="123"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_table.py" line="124"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_table.py" line="125"/>
        <source>Reasons / errors</source>
        <translation>Motifs / erreurs</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_table.py" line="128"/>
        <source>Approved</source>
        <translation>Accordé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_table.py" line="129"/>
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_table.py" line="130"/>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
</context>
<context>
    <name>BatchTab</name>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="83"/>
        <source>Open CSV…</source>
        <translation>Ouvrir un CSV…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="86"/>
        <source>Open a CSV file of applicants, or drop it here.</source>
        <translation>Ouvrez un fichier CSV de demandeurs, ou déposez-le ici.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="108"/>
        <source>Score all rows</source>
        <translation>Évaluer toutes les lignes</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="112"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="128"/>
        <source>Show:</source>
        <translation>Afficher :</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="132"/>
        <source>All rows</source>
        <translation>Toutes les lignes</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="132"/>
        <source>Approved</source>
        <translation>Accordés</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="132"/>
        <source>Refused</source>
        <translation>Refusés</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="132"/>
        <source>Errors only</source>
        <translation>Erreurs seulement</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="140"/>
        <source>Choose the CSV file of applicants to score</source>
        <translation>Choisir le fichier CSV des demandeurs à évaluer</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="141"/>
        <source>Score every row of the file and record the decisions</source>
        <translation>Évaluer chaque ligne du fichier et enregistrer les décisions</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="142"/>
        <source>Stop after the current chunk; rows scored are kept</source>
        <translation>Arrêter après le bloc en cours ; les lignes évaluées sont conservées</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="145"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="145"/>
        <source>Which rows the table shows</source>
        <translation>Les lignes que le tableau affiche</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="146"/>
        <source>Export results…</source>
        <translation>Exporter les résultats…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="149"/>
        <source>Export errors…</source>
        <translation>Exporter les erreurs…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="157"/>
        <source>Save the scores in the file&apos;s own dialect</source>
        <translation>Enregistrer les scores dans le format du fichier</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="162"/>
        <source>Save the rows in error with their messages</source>
        <translation>Enregistrer les lignes en erreur avec leurs messages</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="203"/>
        <source>Open applicants</source>
        <translation>Ouvrir des demandeurs</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="203"/>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>Fichiers CSV (*.csv *.txt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="227"/>
        <source>Reading the file…</source>
        <translation>Lecture du fichier…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="256"/>
        <source>The file cannot be used</source>
        <translation>Le fichier ne peut pas être utilisé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="262"/>
        <source>Read as: {0}</source>
        <translation>Lu comme : {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="281"/>
        <source>About {0} rows. Checked the first {1}: {2} valid, {3} with errors (they will be listed, the others scored).</source>
        <translation>Environ {0} lignes. Vérification des {1} premières : {2} valides, {3} en erreur (elles seront listées, les autres évaluées).</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="310"/>
        <source>Scoring…</source>
        <translation>Évaluation…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="335"/>
        <source>Stopping after this chunk…</source>
        <translation>Arrêt après ce bloc…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="352"/>
        <source>{0} rows: {1} approved, {2} refused, {3} with errors</source>
        <translation>{0} lignes : {1} accordées, {2} refusées, {3} en erreur</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="366"/>
        <source>{0} rows/s · ETA {1}</source>
        <translation>{0} lignes/s · fin dans {1}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="378"/>
        <source>Stopped — kept {0}</source>
        <translation>Arrêté — conservé : {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="380"/>
        <source>The file could not be read to the end</source>
        <translation>Le fichier n&apos;a pas pu être lu jusqu&apos;au bout</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="381"/>
        <source> · {0} s</source>
        <translation> · {0} s</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="383"/>
        <source>{0} rows/s</source>
        <translation>{0} lignes/s</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="393"/>
        <source>Nothing was scored: the decision log is closed.</source>
        <translation>Rien n&apos;a été évalué : le journal des décisions est fermé.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="394"/>
        <source>Nothing was scored</source>
        <translation>Rien n&apos;a été évalué</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="396"/>
        <source>Stopped by an error — rows shown were kept.</source>
        <translation>Arrêté par une erreur — les lignes affichées sont conservées.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="398"/>
        <source>Nothing was scored: already decided.</source>
        <translation>Rien n’a été évalué : déjà décidé.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="409"/>
        <source>Already decided</source>
        <translation>Déjà décidé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="416"/>
        <source>Decide anew</source>
        <translation>Décider à nouveau</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="397"/>
        <source>The batch stopped</source>
        <translation>Le traitement par lot s&apos;est arrêté</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="412"/>
        <source>Export errors</source>
        <translation>Exporter les erreurs</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="412"/>
        <source>Export results</source>
        <translation>Exporter les résultats</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="414"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="435"/>
        <source>Errors written to {0}</source>
        <translation>Erreurs enregistrées dans {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="437"/>
        <source>Results written to {0}</source>
        <translation>Résultats enregistrés dans {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/batch_tab.py" line="441"/>
        <source>The export failed</source>
        <translation>L&apos;export a échoué</translation>
    </message>
</context>
<context>
    <name>CaseReferenceRow</name>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="127"/>
        <location filename="../../pad_desktop/gui/form_tab.py" line="137"/>
        <source>Case reference</source>
        <translation>Référence du dossier</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="135"/>
        <source>The case or applicant number: History finds this decision by it.</source>
        <translation>Le numéro du dossier ou du demandeur : l&apos;historique retrouve cette décision grâce à lui.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="139"/>
        <source>e.g. DOSSIER-2024-0042</source>
        <translation>p. ex. DOSSIER-2024-0042</translation>
    </message>
</context>
<context>
    <name>Counterfactual</name>
    <message>
        <location filename="../../pad_desktop/gui/counterfactual_view.py" line="42"/>
        <source>Reduce {0} from {1} to {2}</source>
        <translation>Réduire « {0} » de {1} à {2}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/counterfactual_view.py" line="44"/>
        <source>Increase {0} from {1} to {2}</source>
        <translation>Augmenter « {0} » de {1} à {2}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/counterfactual_view.py" line="46"/>
        <source>Change {0} from {1} to {2}</source>
        <translation>Changer « {0} » de {1} à {2}</translation>
    </message>
</context>
<context>
    <name>CounterfactualView</name>
    <message>
        <location filename="../../pad_desktop/gui/counterfactual_view.py" line="88"/>
        <source>What would change the decision</source>
        <translation>Ce qui changerait la décision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/counterfactual_view.py" line="103"/>
        <source>Searching for the smallest change…</source>
        <translation>Recherche du plus petit changement…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/counterfactual_view.py" line="109"/>
        <source>→ approved ({0})</source>
        <translation>→ accordé ({0})</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/counterfactual_view.py" line="114"/>
        <source>No change within the allowed ranges would approve it.</source>
        <translation>Aucun changement dans les limites autorisées ne permettrait de l’accorder.</translation>
    </message>
</context>
<context>
    <name>DriftChart</name>
    <message>
        <location filename="../../pad_desktop/gui/drift_chart.py" line="49"/>
        <source>Score PSI per week (0.1 moderate, 0.25 significant)</source>
        <translation>PSI du score par semaine (0,1 modéré, 0,25 significatif)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_chart.py" line="51"/>
        <source>Share of refusals per week</source>
        <translation>Part des refus par semaine</translation>
    </message>
</context>
<context>
    <name>DriftTab</name>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="155"/>
        <source>Alert when at least this share of the model&apos;s inputs has drifted.</source>
        <translation>Alerter quand au moins cette part des variables du modèle a dérivé.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="161"/>
        <source>Form</source>
        <translation>Formulaire</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="162"/>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="163"/>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="164"/>
        <source>Simulation</source>
        <translation>Simulation</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="172"/>
        <source>Simulated traffic is left out of drift unless this is ticked.</source>
        <translation>Le trafic simulé est exclu de la dérive sauf si cette case est cochée.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="174"/>
        <source>Generate</source>
        <translation>Générer</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="177"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="185"/>
        <source>Export HTML…</source>
        <translation>Exporter en HTML…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="189"/>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="208"/>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="189"/>
        <source>First day of the decisions compared</source>
        <translation>Premier jour des décisions comparées</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="190"/>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="209"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="190"/>
        <source>Last day of the decisions compared</source>
        <translation>Dernier jour des décisions comparées</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="191"/>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="210"/>
        <source>Alert at</source>
        <translation>Alerte à</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="191"/>
        <source>Share of drifted inputs that alerts</source>
        <translation>Part d&apos;entrées en dérive qui déclenche l&apos;alerte</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="195"/>
        <source>Compare the logged decisions with the training data</source>
        <translation>Comparer les décisions journalisées aux données d&apos;entraînement</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="197"/>
        <source>Stop the report</source>
        <translation>Arrêter le rapport</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="201"/>
        <source>Save the report as an HTML file</source>
        <translation>Enregistrer le rapport en fichier HTML</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="206"/>
        <source>Include these decisions</source>
        <translation>Inclure ces décisions</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="220"/>
        <source>Decisions from</source>
        <translation>Décisions issues de</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="235"/>
        <source>No drift report yet for this model. Choose a period and press Generate to compare its logged decisions with its training data.</source>
        <translation>Pas encore de rapport de dérive pour ce modèle. Choisissez une période et cliquez sur Générer pour comparer ses décisions journalisées à ses données d&apos;entraînement.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="311"/>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="350"/>
        <source>No drift report</source>
        <translation>Aucun rapport de dérive</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="312"/>
        <source>The model or the decision log is not available.</source>
        <translation>Le modèle ou le journal des décisions n&apos;est pas disponible.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="317"/>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="421"/>
        <source>{0} of {1} inputs drifted ({2}) in {3} decisions ({4}) from {5} to {6}; alert at {7}.</source>
        <translation>{0} données sur {1} ont dérivé ({2}) sur {3} décisions ({4}) du {5} au {6} ; alerte à {7}.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="433"/>
        <source>Score PSI {0} ({1}).</source>
        <translation>PSI du score {0} ({1}).</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="437"/>
        <source>Refused: {0}.</source>
        <translation>Refusés : {0}.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="443"/>
        <source>{0} and {1} more</source>
        <translation>{0} et {1} autres</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="444"/>
        <source>Drifted: {0}.</source>
        <translation>En dérive : {0}.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="451"/>
        <source>Data drift: {0} of the model&apos;s inputs differ from its training data.</source>
        <translation>Dérive des données : {0} des variables du modèle diffèrent de ses données d&apos;entraînement.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="459"/>
        <source>stable</source>
        <translation>stable</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="460"/>
        <source>moderate</source>
        <translation>modéré</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="461"/>
        <source>significant</source>
        <translation>significatif</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="469"/>
        <source>Export the drift report</source>
        <translation>Exporter le rapport de dérive</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="470"/>
        <source>HTML files (*.html)</source>
        <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/drift_tab.py" line="483"/>
        <source>The export failed</source>
        <translation>L&apos;export a échoué</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../pad_desktop/gui/field_editors.py" line="79"/>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/field_editors.py" line="113"/>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
</context>
<context>
    <name>FormTab</name>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="196"/>
        <source>New applicant</source>
        <translation>Nouveau demandeur</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="198"/>
        <source>Load…</source>
        <translation>Ouvrir…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="199"/>
        <source>Load an applicant from a JSON file</source>
        <translation>Charger un demandeur depuis un fichier JSON</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="201"/>
        <source>Save…</source>
        <translation>Enregistrer…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="202"/>
        <source>Save this applicant to a JSON file</source>
        <translation>Enregistrer ce demandeur dans un fichier JSON</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="204"/>
        <source>Score</source>
        <translation>Évaluer</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="207"/>
        <source>Score this applicant (Enter)</source>
        <translation>Évaluer ce demandeur (Entrée)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="245"/>
        <source>Clear the form for the next applicant</source>
        <translation>Vider le formulaire pour le demandeur suivant</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="285"/>
        <source>Loading the model…</source>
        <translation>Chargement du modèle…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="303"/>
        <source>Applicant — {0} fields for {1}</source>
        <translation>Demandeur — {0} champs pour {1}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="299"/>
        <source>For the lending policy (not seen by the model)</source>
        <translation>Pour la politique d&apos;octroi (le modèle ne les voit pas)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../pad_desktop/gui/form_tab.py" line="329"/>
        <source>Choose one of %n value(s).</source>
        <translation>
            <numerusform>Choisissez la valeur proposée (%n).</numerusform>
            <numerusform>Choisissez l&apos;une des %n valeurs.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="331"/>
        <source>Tick for yes.</source>
        <translation>Cochez pour oui.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="333"/>
        <location filename="../../pad_desktop/gui/form_tab.py" line="347"/>
        <source>Accepted: {0}</source>
        <translation>Accepté : {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="333"/>
        <source>A number.</source>
        <translation>Un nombre.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../pad_desktop/gui/form_tab.py" line="403"/>
        <source>%n field(s) need attention; nothing was recorded.</source>
        <translation>
            <numerusform>%n champ à corriger ; rien n&apos;a été enregistré.</numerusform>
            <numerusform>%n champs à corriger ; rien n&apos;a été enregistré.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="495"/>
        <source>The applicant could not be scored</source>
        <translation>Le demandeur n&apos;a pas pu être évalué</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="514"/>
        <source>The override was not recorded</source>
        <translation>La dérogation n&apos;a pas été enregistrée</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="560"/>
        <source>Save the decision notice</source>
        <translation>Enregistrer l’avis de décision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="560"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="574"/>
        <source>The notice could not be saved</source>
        <translation>L’avis n’a pas pu être enregistré</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="580"/>
        <source>Load an applicant</source>
        <translation>Charger un demandeur</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="580"/>
        <location filename="../../pad_desktop/gui/form_tab.py" line="605"/>
        <source>Applicant (*.json)</source>
        <translation>Demandeur (*.json)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="591"/>
        <source>The applicant could not be loaded</source>
        <translation>Le demandeur n&apos;a pas pu être chargé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="605"/>
        <source>Save the applicant</source>
        <translation>Enregistrer le demandeur</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/form_tab.py" line="638"/>
        <source>The applicant could not be saved</source>
        <translation>Le demandeur n&apos;a pas pu être enregistré</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="76"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="77"/>
        <source>Case</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="78"/>
        <source>Officer</source>
        <translation>Chargé de clientèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="79"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="80"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="81"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="82"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="159"/>
        <source>any case</source>
        <translation>tout dossier</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="160"/>
        <source>Case reference</source>
        <translation>Référence du dossier</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="161"/>
        <source>The case or applicant number, exactly as recorded</source>
        <translation>Le numéro du dossier ou du demandeur, tel qu&apos;il a été enregistré</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="164"/>
        <source>any officer</source>
        <translation>tout chargé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="167"/>
        <source>any decision</source>
        <translation>toute décision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="171"/>
        <source>any model</source>
        <translation>tout modèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="174"/>
        <source>any source</source>
        <translation>toute source</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="178"/>
        <location filename="../../pad_desktop/gui/history_tab.py" line="187"/>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="178"/>
        <source>First day of the decisions shown</source>
        <translation>Premier jour des décisions affichées</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="179"/>
        <location filename="../../pad_desktop/gui/history_tab.py" line="188"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="179"/>
        <source>Last day of the decisions shown</source>
        <translation>Dernier jour des décisions affichées</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="180"/>
        <source>Officer</source>
        <translation>Chargé de clientèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="180"/>
        <source>Only this officer&apos;s decisions</source>
        <translation>Seulement les décisions de ce chargé de clientèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="181"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="181"/>
        <source>Only approved, or only refused</source>
        <translation>Seulement les accordées, ou seulement les refusées</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="182"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="182"/>
        <source>Only this model&apos;s decisions (its id)</source>
        <translation>Seulement les décisions de ce modèle (son identifiant)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="183"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="183"/>
        <source>Only decisions from this source</source>
        <translation>Seulement les décisions de cette source</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="198"/>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="205"/>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="209"/>
        <source>Show the decisions that match</source>
        <translation>Afficher les décisions correspondantes</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="214"/>
        <source>Save the decisions that match as a CSV file</source>
        <translation>Enregistrer les décisions correspondantes en fichier CSV</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="246"/>
        <source>◀ Newer</source>
        <translation>◀ Plus récentes</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="248"/>
        <source>Older ▶</source>
        <translation>Plus anciennes ▶</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="252"/>
        <source>Newer</source>
        <translation>Plus récentes</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="252"/>
        <source>The previous page: newer decisions</source>
        <translation>La page précédente : décisions plus récentes</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="253"/>
        <source>Older</source>
        <translation>Plus anciennes</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="253"/>
        <source>The next page: older decisions</source>
        <translation>La page suivante : décisions plus anciennes</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="303"/>
        <source>The history cannot be read</source>
        <translation>L&apos;historique ne peut pas être lu</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="311"/>
        <source>Select a decision to see its details.</source>
        <translation>Sélectionnez une décision pour en voir le détail.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="318"/>
        <source>{0}–{1} of {2}</source>
        <translation>{0}–{1} sur {2}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="341"/>
        <source>Export the history</source>
        <translation>Exporter l&apos;historique</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="341"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../pad_desktop/gui/history_tab.py" line="358"/>
        <source>%n decision(s) written to {0}</source>
        <translation>
            <numerusform>%n décision enregistrée dans {0}</numerusform>
            <numerusform>%n décisions enregistrées dans {0}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="361"/>
        <source>The export failed</source>
        <translation>L&apos;export a échoué</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="413"/>
        <source>Probability of default {0} — threshold {1}</source>
        <translation>Probabilité de défaut {0} — seuil {1}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="423"/>
        <source>Case reference: {0}</source>
        <translation>Référence du dossier : {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="430"/>
        <source>Re-scored: the previous decision for this case is {0}</source>
        <translation>Réévalué : la décision précédente pour ce dossier est {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="437"/>
        <source>Main factors raising the risk</source>
        <translation>Principaux facteurs de risque</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="442"/>
        <source>Overrides and reviews</source>
        <translation>Dérogations et revues</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="451"/>
        <source>Inputs</source>
        <translation>Données saisies</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="71"/>
        <location filename="../../pad_desktop/gui/main_window.py" line="496"/>
        <source>Prêt à dépenser — credit workstation</source>
        <translation>Prêt à dépenser — poste d&apos;octroi de crédit</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="100"/>
        <location filename="../../pad_desktop/gui/main_window.py" line="191"/>
        <location filename="../../pad_desktop/gui/main_window.py" line="505"/>
        <location filename="../../pad_desktop/gui/main_window.py" line="508"/>
        <location filename="../../pad_desktop/gui/main_window.py" line="548"/>
        <source>Applicant</source>
        <translation>Demandeur</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="192"/>
        <location filename="../../pad_desktop/gui/main_window.py" line="508"/>
        <location filename="../../pad_desktop/gui/main_window.py" line="549"/>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="192"/>
        <location filename="../../pad_desktop/gui/main_window.py" line="508"/>
        <location filename="../../pad_desktop/gui/main_window.py" line="550"/>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="104"/>
        <source>Model: loading…</source>
        <translation>Modèle : chargement…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="97"/>
        <source>Loading the model and the decision log…</source>
        <translation>Chargement du modèle et du journal des décisions…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="106"/>
        <source>Decision log: opening…</source>
        <translation>Journal des décisions : ouverture…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="160"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="161"/>
        <source>&amp;Open CSV…</source>
        <translation>&amp;Ouvrir un CSV…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="162"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="164"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Préférences…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="166"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="168"/>
        <source>&amp;Model</source>
        <translation>&amp;Modèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="169"/>
        <source>Model &amp;card…</source>
        <translation>&amp;Fiche du modèle…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="171"/>
        <source>Use a bundle from &amp;disk…</source>
        <translation>Utiliser un modèle sur &amp;disque…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="174"/>
        <source>Check for updates / Update from Hub…</source>
        <translation>Rechercher une mise à jour / Mettre à jour depuis le Hub…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="175"/>
        <source>Roll back</source>
        <translation>Revenir au modèle précédent</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="178"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="179"/>
        <source>&amp;About</source>
        <translation>À &amp;propos</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="193"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="248"/>
        <source>The model could not be loaded</source>
        <translation>Le modèle n&apos;a pas pu être chargé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="250"/>
        <source>Model: loading the shipped model…</source>
        <translation>Modèle : chargement du modèle livré…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="255"/>
        <source>No model could be loaded</source>
        <translation>Aucun modèle n&apos;a pu être chargé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="275"/>
        <source>Decision log: unavailable — scoring is disabled</source>
        <translation>Journal des décisions : indisponible — évaluation désactivée</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="277"/>
        <source>The decision log could not be opened</source>
        <translation>Le journal des décisions n&apos;a pas pu être ouvert</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="289"/>
        <source>A tab could not be loaded</source>
        <translation>Un onglet n’a pas pu être chargé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="316"/>
        <source>Drift</source>
        <translation>Dérive</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="342"/>
        <source>Model: {0} {1} ({2})</source>
        <translation>Modèle : {0} {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="347"/>
        <source>Choose a model bundle folder</source>
        <translation>Choisir le dossier d&apos;un modèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="360"/>
        <source>This bundle cannot be used</source>
        <translation>Ce modèle ne peut pas être utilisé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="404"/>
        <source>this computer</source>
        <translation>cet ordinateur</translation>
    </message>
    <message numerus="yes">
        <location filename="../../pad_desktop/gui/main_window.py" line="406"/>
        <source>%n record(s) waiting</source>
        <translation>
            <numerusform>%n enregistrement en attente</numerusform>
            <numerusform>%n enregistrements en attente</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="409"/>
        <source>connected</source>
        <translation>connecté</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="411"/>
        <source>connecting…</source>
        <translation>connexion…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="413"/>
        <source>not connected</source>
        <translation>non connecté</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="415"/>
        <source>offline, </source>
        <translation>hors ligne, </translation>
    </message>
    <message numerus="yes">
        <location filename="../../pad_desktop/gui/main_window.py" line="417"/>
        <source>%n record(s) refused (db redeliver)</source>
        <translation>
            <numerusform>%n enregistrement refusé (db redeliver)</numerusform>
            <numerusform>%n enregistrements refusés (db redeliver)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../pad_desktop/gui/main_window.py" line="420"/>
        <source>%n record(s) waiting for another address (db deliver-other)</source>
        <translation>
            <numerusform>%n enregistrement en attente pour une autre adresse (db deliver-other)</numerusform>
            <numerusform>%n enregistrements en attente pour une autre adresse (db deliver-other)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="419"/>
        <source>Decision log: {0} · {1}</source>
        <translation>Journal des décisions : {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="437"/>
        <source>Officer: {0} ({1})</source>
        <translation>Chargé de clientèle : {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="441"/>
        <source>Officer: {0}</source>
        <translation>Chargé de clientèle : {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="467"/>
        <source>Decision log: reconnecting…</source>
        <translation>Journal des décisions : reconnexion…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="608"/>
        <source>A batch is running</source>
        <translation>Un lot est en cours</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="610"/>
        <source>A batch is being scored. Quit and stop it? The rows scored so far are kept in the decision log; the rest of the file is not scored.</source>
        <translation>Un lot est en cours d&apos;évaluation. Quitter et l&apos;arrêter ? Les lignes déjà évaluées restent dans le journal des décisions ; le reste du fichier n&apos;est pas évalué.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="618"/>
        <source>Stop and quit</source>
        <translation>Arrêter et quitter</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="619"/>
        <source>Keep scoring</source>
        <translation>Continuer l&apos;évaluation</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="583"/>
        <source>About</source>
        <translation>À propos</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/main_window.py" line="585"/>
        <source>&lt;h3&gt;Prêt à dépenser — credit workstation&lt;/h3&gt;&lt;p&gt;Version {0}&lt;/p&gt;&lt;p&gt;Scores applicants with the active model, records every decision and override in the decision log.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Prêt à dépenser — poste d&apos;octroi de crédit&lt;/h3&gt;&lt;p&gt;Version {0}&lt;/p&gt;&lt;p&gt;Évalue les demandeurs avec le modèle actif et enregistre chaque décision et chaque dérogation dans le journal des décisions.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ModelCardDialog</name>
    <message>
        <location filename="../../pad_desktop/gui/model_card.py" line="15"/>
        <source>Model card — {0}</source>
        <translation>Fiche du modèle — {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/model_card.py" line="21"/>
        <source>Identifier: {0}  
SHA-256: {1}  
Threshold: {2}  
Folder: {3}</source>
        <translation>Identifiant : {0}  
SHA-256 : {1}  
Seuil : {2}  
Dossier : {3}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/model_card.py" line="25"/>
        <source>This bundle ships no model card (README.md).</source>
        <translation>Ce modèle n&apos;est livré avec aucune fiche (README.md).</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="52"/>
        <source>Case reference</source>
        <translation>Référence du dossier</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="53"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="54"/>
        <source>Officer</source>
        <translation>Chargé de clientèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="55"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="60"/>
        <source>No single factor stands out.</source>
        <translation>Aucun facteur ne se détache.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="64"/>
        <source>This decision was reviewed and set by the officer.</source>
        <translation>Cette décision a été réexaminée et arrêtée par le chargé de clientèle.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="66"/>
        <location filename="../../pad_desktop/gui/notice.py" line="97"/>
        <source>Credit decision notice</source>
        <translation>Avis de décision de crédit</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="67"/>
        <source>Decision: {0}</source>
        <translation>Décision : {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="68"/>
        <source>Main reasons for this decision</source>
        <translation>Principaux motifs de cette décision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="70"/>
        <source>You may ask for the decision to be reviewed by a person and for the information it was based on.</source>
        <translation>Vous pouvez demander qu’une personne réexamine la décision et obtenir les informations sur lesquelles elle repose.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="103"/>
        <source>The PDF could not be written to {0}.</source>
        <translation>Le PDF n’a pas pu être écrit dans {0}.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/notice.py" line="113"/>
        <source>Print the decision notice</source>
        <translation>Imprimer l’avis de décision</translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="27"/>
        <source>Approved</source>
        <translation>Accordé</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="28"/>
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="41"/>
        <source>Override the decision</source>
        <translation>Déroger à la décision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="46"/>
        <source>The model decided: &lt;b&gt;{0}&lt;/b&gt;. An override is recorded in the decision log with your name and your justification, next to the model&apos;s decision.</source>
        <translation>Le modèle a décidé : &lt;b&gt;{0}&lt;/b&gt;. Une dérogation est enregistrée dans le journal des décisions avec votre nom et votre justification, à côté de la décision du modèle.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="57"/>
        <source>The decision to record instead</source>
        <translation>La décision à enregistrer à la place</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="61"/>
        <source>Keep the model&apos;s decision (reviewed)</source>
        <translation>Maintenir la décision du modèle (examinée)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="66"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif :</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="70"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="72"/>
        <source>Other reason</source>
        <translation>Autre motif</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="74"/>
        <source>Referred for review: the score is close to the threshold</source>
        <translation>Transmis pour examen : le score est proche du seuil</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="78"/>
        <source>&amp;Justification (required):</source>
        <translation>&amp;Justification (obligatoire) :</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="85"/>
        <source>Justification</source>
        <translation>Justification</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="87"/>
        <source>Required, at least {0} characters: why the decision should differ.</source>
        <translation>Obligatoire, au moins {0} caractères : pourquoi la décision doit être différente.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="92"/>
        <source>Why the decision should differ, e.g. documents seen, guarantees offered.</source>
        <translation>Pourquoi la décision doit être différente, p. ex. justificatifs vus, garanties offertes.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="97"/>
        <source>Justification length</source>
        <translation>Longueur de la justification</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="102"/>
        <source>Record override</source>
        <translation>Enregistrer la dérogation</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/override_dialog.py" line="135"/>
        <source>{0} more characters needed.</source>
        <translation>Encore {0} caractères nécessaires.</translation>
    </message>
</context>
<context>
    <name>Population</name>
    <message>
        <location filename="../../pad_desktop/gui/population_panel.py" line="86"/>
        <source>percentile {0}</source>
        <translation>centile {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/population_panel.py" line="88"/>
        <source>{0} of applicants share it</source>
        <translation>{0} des demandeurs sont dans ce cas</translation>
    </message>
</context>
<context>
    <name>PopulationPanel</name>
    <message>
        <location filename="../../pad_desktop/gui/population_panel.py" line="129"/>
        <source>The applicant among the reference applicants</source>
        <translation>Le demandeur parmi les demandeurs de référence</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/population_panel.py" line="134"/>
        <source>&lt;span style=&quot;color:{0}&quot;&gt;■ repaid&lt;/span&gt; &amp;nbsp; &lt;span style=&quot;color:{1}&quot;&gt;■ defaulted&lt;/span&gt; &amp;nbsp; │ this applicant</source>
        <translation>&lt;span style=&quot;color:{0}&quot;&gt;■ ont remboursé&lt;/span&gt; &amp;nbsp; &lt;span style=&quot;color:{1}&quot;&gt;■ ont fait défaut&lt;/span&gt; &amp;nbsp; │ ce demandeur</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/population_panel.py" line="151"/>
        <source>The five most similar reference applicants</source>
        <translation>Les cinq demandeurs de référence les plus proches</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/population_panel.py" line="182"/>
        <source>True outcome</source>
        <translation>Issue réelle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/population_panel.py" line="182"/>
        <source>P(default)</source>
        <translation>P(défaut)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/population_panel.py" line="194"/>
        <source>✗ defaulted</source>
        <translation>✗ défaut</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/population_panel.py" line="194"/>
        <source>✓ repaid</source>
        <translation>✓ remboursé</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="37"/>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="43"/>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="46"/>
        <source>empty: your login name</source>
        <translation>vide : votre nom de connexion</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="48"/>
        <source>Recorded beside your login name on every decision, never instead of it.</source>
        <translation>Enregistré à côté de votre nom de connexion sur chaque décision, jamais à sa place.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="50"/>
        <source>Officer name:</source>
        <translation>Nom du chargé de clientèle :</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="52"/>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="56"/>
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="59"/>
        <source>Decision log</source>
        <translation>Journal des décisions</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="62"/>
        <source>empty: the embedded log on this computer</source>
        <translation>vide : le journal local de cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="64"/>
        <source>Database URL:</source>
        <translation>URL de la base :</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="67"/>
        <source>Model updates (Hugging Face Hub)</source>
        <translation>Mises à jour du modèle (Hugging Face Hub)</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="75"/>
        <source>Repository:</source>
        <translation>Dépôt :</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="76"/>
        <source>Endpoint:</source>
        <translation>Adresse du Hub :</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="77"/>
        <source>Token:</source>
        <translation>Jeton :</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="79"/>
        <source>Secrets are kept in the system keyring.</source>
        <translation>Les secrets sont conservés dans le trousseau du système.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="81"/>
        <source>No system keyring: secrets are kept for this session only.</source>
        <translation>Pas de trousseau système : les secrets ne sont conservés que pour cette session.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="97"/>
        <source>Officer name</source>
        <translation>Nom du chargé de clientèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="98"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="98"/>
        <source>Applies at once</source>
        <translation>S&apos;applique immédiatement</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="99"/>
        <source>Database URL</source>
        <translation>URL de la base de données</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="99"/>
        <source>Tested before it is saved</source>
        <translation>Testée avant d&apos;être enregistrée</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="100"/>
        <source>Repository</source>
        <translation>Dépôt</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="100"/>
        <source>The Hub repository of the model</source>
        <translation>Le dépôt du modèle sur le Hub</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="101"/>
        <source>Endpoint</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="101"/>
        <source>The Hub&apos;s address</source>
        <translation>L&apos;adresse du Hub</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="102"/>
        <source>Token</source>
        <translation>Jeton</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="106"/>
        <source>Save; a new database is tested first</source>
        <translation>Enregistrer ; une nouvelle base est d&apos;abord testée</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="108"/>
        <source>Close without saving</source>
        <translation>Fermer sans enregistrer</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="126"/>
        <source>Testing the connection to the database…</source>
        <translation>Test de la connexion à la base…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="143"/>
        <source>Connected, but the database schema is at {0} and this app needs {1}: ask IT to run `pad-desktop db upgrade`. Decisions will wait locally.</source>
        <translation>Connecté, mais le schéma de la base est à la version {0} et l&apos;application requiert {1} : demandez à l&apos;informatique de lancer `pad-desktop db upgrade`. Les décisions attendront sur ce poste.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="159"/>
        <source>Saved, except the database URL: the database could not be reached. Correct it and save again, or cancel to keep the current one.</source>
        <translation>Enregistré, sauf l&apos;URL de la base : la base de données est injoignable. Corrigez-la et enregistrez de nouveau, ou annulez pour garder l&apos;actuelle.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="163"/>
        <source>The database could not be reached</source>
        <translation>La base de données est injoignable</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/preferences_dialog.py" line="169"/>
        <source>Saved; kept for this session only (no keyring): {0}.</source>
        <translation>Enregistré ; conservé pour cette session seulement (pas de trousseau) : {0}.</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="63"/>
        <location filename="../../pad_desktop/gui/result_panel.py" line="77"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="67"/>
        <source>Inputs changed — score again</source>
        <translation>Données modifiées — évaluez à nouveau</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="93"/>
        <source>Score gauge</source>
        <translation>Jauge du score</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="95"/>
        <location filename="../../pad_desktop/gui/result_panel.py" line="102"/>
        <source>Main factors raising the risk</source>
        <translation>Principaux facteurs de risque</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="120"/>
        <source>Override…</source>
        <translation>Déroger…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="123"/>
        <source>Record a different decision, with your justification</source>
        <translation>Enregistrer une autre décision, avec votre justification</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="130"/>
        <source>Notice as PDF…</source>
        <translation>Avis en PDF…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="132"/>
        <source>Save the decision notice for the applicant as a PDF</source>
        <translation>Enregistrer en PDF l’avis de décision destiné au demandeur</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="134"/>
        <source>Print notice…</source>
        <translation>Imprimer l’avis…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="136"/>
        <source>Print the decision notice for the applicant</source>
        <translation>Imprimer l’avis de décision pour le demandeur</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="141"/>
        <source>Why: each field&apos;s contribution to the risk</source>
        <translation>Pourquoi : la contribution de chaque champ au risque</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="178"/>
        <source>No decision yet</source>
        <translation>Pas encore de décision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="180"/>
        <source>Fill in the applicant and press Score (Enter).</source>
        <translation>Renseignez le demandeur puis cliquez sur Évaluer (Entrée).</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="182"/>
        <source>No score yet</source>
        <translation>Pas encore de score</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="200"/>
        <source>Explaining…</source>
        <translation>Explication en cours…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="206"/>
        <source>No explanation: {0}</source>
        <translation>Pas d’explication : {0}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="215"/>
        <source>Approximate contributions: this model has no exact explanation.</source>
        <translation>Contributions approchées : ce modèle n’a pas d’explication exacte.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="232"/>
        <source>⚑ Refer for review: the score is within {0} percentage points of the threshold.</source>
        <translation>⚑ À transmettre pour examen : le score est à moins de {0} points du seuil.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="241"/>
        <source>Simulation — not a decision, nothing is recorded: P(default) {0}, would be {1}</source>
        <translation>Simulation — pas une décision, rien n’est enregistré : P(défaut) {0}, serait {1}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="251"/>
        <source>Not scored</source>
        <translation>Non évalué</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="252"/>
        <source>Correct the fields marked in red, then press Score again.</source>
        <translation>Corrigez les champs signalés en rouge, puis cliquez à nouveau sur Évaluer.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="257"/>
        <source>Not decided</source>
        <translation>Pas de décision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="261"/>
        <source>Scoring…</source>
        <translation>Évaluation…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="273"/>
        <source>Already decided at {0} — the decision recorded then</source>
        <translation>Déjà décidé à {0} — la décision enregistrée alors</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="281"/>
        <source>Probability of default {0} — threshold {1}</source>
        <translation>Probabilité de défaut {0} — seuil {1}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="295"/>
        <source>No factor raises the risk above average.</source>
        <translation>Aucun facteur n&apos;élève le risque au-dessus de la moyenne.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="298"/>
        <source>Logged {0} · {1}</source>
        <translation>Journalisé à {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="310"/>
        <source>* Reviewed by {0}: {1}</source>
        <translation>* Examiné par {0} : {1}</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/result_panel.py" line="312"/>
        <source>* Overridden by {0}: {1}</source>
        <translation>* Dérogation par {0} : {1}</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <location filename="../../pad_desktop/gui/i18n.py" line="31"/>
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/i18n.py" line="32"/>
        <source>Drive</source>
        <translation>Disque</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/i18n.py" line="33"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/i18n.py" line="34"/>
        <source>%1 File</source>
        <translation>Fichier %1</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../pad_desktop/gui/i18n.py" line="27"/>
        <source>&amp;Look in:</source>
        <translation>&amp;Voir dans :</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/i18n.py" line="28"/>
        <source>Files of &amp;type:</source>
        <translation>Fichiers de &amp;type :</translation>
    </message>
</context>
<context>
    <name>RollbackDialog</name>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="410"/>
        <source>Roll back the model</source>
        <translation>Revenir au modèle précédent</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="421"/>
        <source>Roll back</source>
        <translation>Revenir en arrière</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="432"/>
        <source>Nothing to roll back to: the shipped model is in use.</source>
        <translation>Rien vers quoi revenir : le modèle livré est utilisé.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="436"/>
        <source>Return from {0} to {1}?</source>
        <translation>Revenir de « {0} » à « {1} » ?</translation>
    </message>
</context>
<context>
    <name>ScoreGauge</name>
    <message>
        <location filename="../../pad_desktop/gui/gauge.py" line="71"/>
        <source>threshold {0}</source>
        <translation>seuil {0}</translation>
    </message>
</context>
<context>
    <name>ScoreHistogram</name>
    <message>
        <location filename="../../pad_desktop/gui/histogram.py" line="24"/>
        <source>Scores of this batch</source>
        <translation>Scores de ce lot</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/histogram.py" line="32"/>
        <source>applicants</source>
        <translation>demandeurs</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/histogram.py" line="33"/>
        <source>probability of default</source>
        <translation>probabilité de défaut</translation>
    </message>
</context>
<context>
    <name>Source</name>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="366"/>
        <source>form</source>
        <translation>formulaire</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="367"/>
        <source>batch</source>
        <translation>lot</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="368"/>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/history_tab.py" line="369"/>
        <source>simulation</source>
        <translation>simulation</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="78"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="99"/>
        <source>Cancelled: the current model is still in use.</source>
        <translation>Annulé : le modèle actuel reste utilisé.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="103"/>
        <source>No model repository is configured: enter one above, or set it once in File &gt; Preferences (Model updates).</source>
        <translation>Aucun dépôt de modèles n&apos;est configuré : saisissez-en un ci-dessus, ou réglez-le une fois pour toutes dans Fichier &gt; Préférences (Mises à jour du modèle).</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="111"/>
        <source>The update failed; the current model is still in use.</source>
        <translation>La mise à jour a échoué ; le modèle actuel reste utilisé.</translation>
    </message>
</context>
<context>
    <name>UpdateDialog</name>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="55"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="56"/>
        <source>Commit</source>
        <translation>Commit</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="57"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="58"/>
        <source>Threshold</source>
        <translation>Seuil</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="59"/>
        <source>Download</source>
        <translation>Téléchargement</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="126"/>
        <source>Update the model from the Hub</source>
        <translation>Mettre à jour le modèle depuis le Hub</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="146"/>
        <source>A branch, a tag or a commit sha (to pin one).</source>
        <translation>Une branche, une étiquette ou un sha de commit (pour en figer un).</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="149"/>
        <source>Check</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="152"/>
        <source>Repository</source>
        <translation>Dépôt</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="153"/>
        <source>Revision</source>
        <translation>Révision</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="154"/>
        <source>Hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="159"/>
        <source>In use</source>
        <translation>En service</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="159"/>
        <source>Candidate</source>
        <translation>Candidat</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="174"/>
        <source>I accept these input changes (forms and CSV files must follow them).</source>
        <translation>J&apos;accepte ces changements de variables (formulaires et fichiers CSV devront les suivre).</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="190"/>
        <source>Download and install</source>
        <translation>Télécharger et installer</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="243"/>
        <source>Checking {0}…</source>
        <translation>Vérification de {0}…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="253"/>
        <source>This commit is the model in use: up to date.</source>
        <translation>Ce commit est le modèle en service : à jour.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="256"/>
        <source>A candidate is available: {0} ({1}).</source>
        <translation>Un candidat est disponible : {0} ({1}).</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="264"/>
        <source>Inputs are compared after the download.</source>
        <translation>Les variables sont comparées après le téléchargement.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="274"/>
        <source>Downloading…</source>
        <translation>Téléchargement…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="289"/>
        <source>Checked: {0}.</source>
        <translation>Vérifié : {0}.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/update_dialog.py" line="345"/>
        <source>(shipped with the application)</source>
        <translation>(livré avec l&apos;application)</translation>
    </message>
</context>
<context>
    <name>Waterfall</name>
    <message>
        <location filename="../../pad_desktop/gui/waterfall.py" line="72"/>
        <source>{0} other fields</source>
        <translation>{0} autres champs</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/waterfall.py" line="124"/>
        <source>Contribution of each field</source>
        <translation>Contribution de chaque champ</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/waterfall_plot.py" line="37"/>
        <source>probability of default</source>
        <translation>probabilité de défaut</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/waterfall.py" line="99"/>
        <source>Population average</source>
        <translation>Moyenne de la population</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/waterfall.py" line="110"/>
        <source>This applicant</source>
        <translation>Ce demandeur</translation>
    </message>
</context>
<context>
    <name>WhatIf</name>
    <message>
        <location filename="../../pad_desktop/gui/whatif.py" line="35"/>
        <location filename="../../pad_desktop/gui/whatif.py" line="57"/>
        <source>What-if…</source>
        <translation>Et si…</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/whatif.py" line="39"/>
        <source>Change values and see the effect at once; nothing is recorded</source>
        <translation>Modifiez des valeurs et voyez l’effet aussitôt ; rien n’est enregistré</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/whatif.py" line="53"/>
        <source>Leave what-if</source>
        <translation>Quitter « Et si »</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../pad_desktop/gui/errors.py" line="42"/>
        <source>The file is not valid JSON (line {0}).</source>
        <translation>Le fichier n&apos;est pas un JSON valide (ligne {0}).</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/errors.py" line="46"/>
        <source>The file cannot be opened: permission denied.</source>
        <translation>Le fichier ne peut pas être ouvert : accès refusé.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/errors.py" line="48"/>
        <source>The file does not exist (any more).</source>
        <translation>Le fichier n&apos;existe pas (ou plus).</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/errors.py" line="50"/>
        <source>The file could not be read or written.</source>
        <translation>Le fichier n&apos;a pas pu être lu ou écrit.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/errors.py" line="53"/>
        <source>The decision database could not be reached or refused the request.</source>
        <translation>La base des décisions est injoignable ou a refusé la demande.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/errors.py" line="56"/>
        <source>Something went wrong. The details below help IT find the cause.</source>
        <translation>Un problème est survenu. Les détails ci-dessous aideront l&apos;informatique à en trouver la cause.</translation>
    </message>
    <message>
        <location filename="../../pad_desktop/gui/errors.py" line="87"/>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
</context>
</TS>
