# A partial Spanish wording, to test that a translation is one more file: what it leaves out is
# said in English.
language = es

notice-title = Cómo compartimos sus datos personales
section-responsible = Quién es responsable de sus datos
section-sale = ¿Vendemos su información personal?
sale-no = No vendemos su información personal.
sale-yes = Sí. Vendemos parte de su información personal a { $buyers }.
form-hashed = una forma codificada (hash) de { $field }
your = su { $label }
only-if = solo si { $condition }
not-if = no si { $condition }
