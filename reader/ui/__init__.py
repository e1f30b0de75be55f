"""The Textual shell: the app, its screens and widgets. It holds core sessions and draws them."""
